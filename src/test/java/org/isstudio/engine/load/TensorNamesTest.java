package org.isstudio.engine.load;

import org.isstudio.testing.Golden;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorNamesTest {

    private static TensorStore open(String model) throws IOException {
        return ModelFiles.open(Golden.root().resolve("models").resolve(model));
    }

    @Test
    void findsHeadModelNamesWithOrWithoutTheBasePrefix() throws IOException {
        Map<String, Map<String, String>> cases = Map.of(
                "gpt2-tiny", Map.of("transformer.h.0.attn.c_attn.weight", "h.0.attn.c_attn.weight",
                        "h.1.ln_2.bias", "h.1.ln_2.bias", "transformer.wte.weight", "wte.weight"),
                "gpt-neo-tiny", Map.of("h.0.attn.attention.q_proj.weight", "transformer.h.0.attn.attention.q_proj.weight",
                        "transformer.ln_f.weight", "transformer.ln_f.weight"),
                "opt-350m-tiny", Map.of("model.decoder.project_in.weight", "decoder.project_in.weight",
                        "decoder.layers.1.fc1.bias", "decoder.layers.1.fc1.bias"),
                "pythia-tiny", Map.of("gpt_neox.embed_in.weight", "gpt_neox.embed_in.weight", "embed_in.weight", "gpt_neox.embed_in.weight",
                        "embed_out.weight", "embed_out.weight"),
                "llama-tiny", Map.of("model.layers.1.mlp.gate_proj.weight", "model.layers.1.mlp.gate_proj.weight",
                        "layers.1.mlp.gate_proj.weight", "model.layers.1.mlp.gate_proj.weight", "lm_head.weight", "lm_head.weight"));
        for (var model : cases.entrySet()) {
            try (TensorStore store = open(model.getKey())) {
                TensorNames names = new TensorNames(store);
                model.getValue().forEach((asked, stored) -> assertEquals(stored, names.resolve(asked), model.getKey() + " " + asked));
            }
        }
    }

    @Test
    void aMissingTensorNamesTheFileAndEveryNameTried() throws IOException {
        try (TensorStore store = open("gpt2-tiny")) {
            TensorNames names = new TensorNames(store);
            assertFalse(names.contains("lm_head.weight"));
            CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> names.resolve("lm_head.weight"));
            assertEquals(store.source(), e.file());
            assertTrue(e.getMessage().startsWith(store.source() + ": tensor \"lm_head.weight\": missing from the checkpoint (also looked for "
                    + "model.decoder.lm_head.weight, transformer.lm_head.weight"), e.getMessage());
        }
    }

    @Test
    void checksShapes() throws IOException {
        try (TensorStore store = open("llama-tiny")) {
            TensorNames names = new TensorNames(store);
            assertEquals("model.layers.0.self_attn.k_proj.weight", names.require("model.layers.0.self_attn.k_proj.weight", 16, 32).name());
            CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
                    () -> names.require("model.layers.0.self_attn.k_proj.weight", 32, 32));
            assertTrue(e.getMessage().endsWith("tensor \"model.layers.0.self_attn.k_proj.weight\": shape [16, 32], but the config implies [32, 32]"),
                    e.getMessage());
        }
    }

    @Test
    void recognisesExactlyTheBuffersTheGoldenReadmeLists() throws IOException {
        Map<String, Set<String>> expected = Map.of(
                "gpt2-tiny", Set.of("h.0.attn.bias", "h.1.attn.bias"),
                "pythia-tiny", Set.of("gpt_neox.layers.0.attention.bias", "gpt_neox.layers.0.attention.masked_bias",
                        "gpt_neox.layers.0.attention.rotary_emb.inv_freq", "gpt_neox.layers.1.attention.bias",
                        "gpt_neox.layers.1.attention.masked_bias", "gpt_neox.layers.1.attention.rotary_emb.inv_freq"),
                "llama-tiny", Set.of("model.layers.0.self_attn.rotary_emb.inv_freq", "model.layers.1.self_attn.rotary_emb.inv_freq"),
                "gpt-neo-tiny", Set.of("transformer.h.0.attn.attention.bias", "transformer.h.0.attn.attention.masked_bias",
                        "transformer.h.1.attn.attention.masked_bias"),
                "gptj-tiny", Set.of("transformer.h.0.attn.bias", "transformer.h.0.attn.masked_bias",
                        "transformer.h.1.attn.bias", "transformer.h.1.attn.masked_bias"),
                "opt-350m-tiny", Set.of(),
                "qwen2-tiny", Set.of());
        for (var e : expected.entrySet()) {
            try (TensorStore store = open(e.getKey())) {
                Set<String> buffers = new TreeSet<>();
                for (String n : store.names()) if (TensorNames.isBuffer(store.info(n))) buffers.add(n);
                assertEquals(new TreeSet<>(e.getValue()), buffers, e.getKey());
            }
        }
    }

    @Test
    void unusedListsWeightsNeverResolvedButNotBuffers() throws IOException {
        try (TensorStore store = open("gpt2-tiny")) {
            TensorNames names = new TensorNames(store);
            for (String n : store.names()) if (!n.startsWith("h.1.")) names.resolve("transformer." + n);
            Set<String> unused = names.unused();
            assertEquals(12, unused.size(), unused.toString());
            assertTrue(unused.stream().allMatch(n -> n.startsWith("h.1.")));
            assertFalse(unused.contains("h.1.attn.bias"));
        }
    }
}
