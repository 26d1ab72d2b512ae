package org.isstudio.engine.load;

import org.isstudio.testing.Golden;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HfConfigTest {

    private static HfConfig golden(String model) throws IOException {
        return HfConfig.read(Golden.root().resolve("models").resolve(model));
    }

    private static HfConfig parse(String json) {
        return HfConfig.parse(Path.of("config.json"), json);
    }

    @Test
    void gpt2ReadsItsRenamedAttributes() throws IOException {
        HfConfig c = golden("gpt2-tiny");
        assertEquals("gpt2", c.modelType());
        assertEquals(List.of("GPT2LMHeadModel"), c.architectures());
        assertEquals(32, c.hiddenSize());
        assertEquals(2, c.numLayers());
        assertEquals(4, c.numHeads());
        assertEquals(4, c.numKvHeads());
        assertEquals(8, c.headDim());
        assertEquals(128, c.intermediateSize(), "n_inner absent: 4 x hidden");
        assertEquals(50257, c.vocabSize());
        assertEquals(256, c.maxPositions());
        assertEquals(1e-5, c.normEps());
        assertEquals("gelu_new", c.activation());
        assertTrue(c.tieWordEmbeddings());
        assertEquals(0, c.rotaryDim());
        assertTrue(c.scaleAttnWeights());
        assertFalse(c.scaleAttnByInverseLayerIdx());
        assertEquals(Optional.empty(), c.torchDtype());
        assertEquals(OptionalInt.of(50256), c.bosTokenId());
        assertEquals(List.of(50256), c.eosTokenIds());
        assertEquals(Optional.of("float16"), golden("gpt2-tiny-f16").torchDtype());
        assertEquals(Optional.of("bfloat16"), golden("gpt2-tiny-bf16").torchDtype());
    }

    @Test
    void pythiaHasPartialRotaryAndParallelResidual() throws IOException {
        HfConfig c = golden("pythia-tiny");
        assertEquals(16, c.headDim());
        assertEquals(4, c.rotaryDim(), "int(16 * rotary_pct 0.25)");
        assertEquals(10000.0, c.ropeTheta(), "from rotary_emb_base");
        assertTrue(c.useParallelResidual());
        assertFalse(c.tieWordEmbeddings());
        assertEquals("gelu", c.activation());
        assertEquals(1e-5, c.normEps());
        assertEquals(128, c.intermediateSize());
        assertEquals(50304, c.vocabSize());
    }

    @Test
    void optPreAndPostLayerNormAndProjection() throws IOException {
        HfConfig small = golden("opt-125m-tiny-bin");
        assertTrue(small.doLayerNormBefore());
        assertEquals(32, small.wordEmbedProjDim());
        assertEquals(128, small.intermediateSize(), "ffn_dim");
        assertEquals("relu", small.activation());
        assertEquals(1e-5, small.normEps(), "nn.LayerNorm default");
        assertTrue(small.tieWordEmbeddings());
        assertTrue(small.enableBias());
        assertFalse(small.removeFinalLayerNorm());
        assertEquals(OptionalInt.of(1), small.padTokenId());
        HfConfig big = golden("opt-350m-tiny");
        assertFalse(big.doLayerNormBefore());
        assertEquals(16, big.wordEmbedProjDim());
    }

    @Test
    void llamaAndQwen2GroupedQueryAttention() throws IOException {
        HfConfig llama = golden("llama-tiny");
        assertEquals(4, llama.numHeads());
        assertEquals(2, llama.numKvHeads());
        assertEquals(8, llama.headDim());
        assertEquals(8, llama.rotaryDim());
        assertEquals(88, llama.intermediateSize());
        assertEquals(1e-5, llama.normEps());
        assertEquals(10000.0, llama.ropeTheta(), "LlamaConfig default");
        assertEquals(Optional.empty(), llama.ropeScaling());
        assertFalse(llama.tieWordEmbeddings());
        assertFalse(llama.attentionBias());
        assertEquals("silu", llama.activation());

        HfConfig qwen = golden("qwen2-tiny");
        assertEquals(1e6, qwen.ropeTheta());
        assertEquals(1e-6, qwen.normEps());
        assertEquals(4, qwen.headDim());
        assertEquals(2, qwen.numKvHeads());
        assertTrue(qwen.tieWordEmbeddings());
        assertFalse(qwen.useSlidingWindow());
    }

    @Test
    void gptNeoLayersAndGptJRotary() throws IOException {
        HfConfig neo = golden("gpt-neo-tiny");
        assertEquals(List.of("global", "local"), neo.attentionLayers());
        assertEquals(8, neo.windowSize());
        assertEquals(2, neo.numHeads());
        assertEquals(2, neo.numLayers());
        assertEquals(64, neo.intermediateSize(), "intermediate_size null: 4 x hidden");
        assertTrue(neo.tieWordEmbeddings());

        HfConfig j = golden("gptj-tiny");
        assertEquals(4, j.rotaryDim());
        assertEquals(8, j.headDim());
        assertEquals(10000.0, j.ropeTheta());
        assertFalse(j.tieWordEmbeddings());
        assertEquals(64, j.intermediateSize());
        assertEquals(50400, j.vocabSize());
    }

    @Test
    void absentKeysTakeTheConfigClassDefaults() {
        HfConfig gpt2 = parse("{\"model_type\": \"gpt2\"}");
        assertEquals(768, gpt2.hiddenSize());
        assertEquals(12, gpt2.numLayers());
        assertEquals(12, gpt2.numHeads());
        assertEquals(1024, gpt2.maxPositions());
        assertEquals(3072, gpt2.intermediateSize());
        HfConfig neo = parse("{\"model_type\": \"gpt_neo\"}");
        assertEquals(24, neo.attentionLayers().size());
        assertEquals("local", neo.attentionLayers().get(23));
        assertEquals(256, neo.windowSize());
        HfConfig llama = parse("{\"model_type\": \"llama\", \"num_attention_heads\": 8}");
        assertEquals(8, llama.numKvHeads(), "num_key_value_heads defaults to the head count");
        assertEquals(512, llama.headDim());
        HfConfig neox = parse("{\"model_type\": \"gpt_neox\", \"hidden_size\": 64, \"num_attention_heads\": 4}");
        assertEquals(4, neox.rotaryDim(), "int(16 * 0.25)");
        HfConfig newerNeox = parse("{\"model_type\": \"gpt_neox\", \"hidden_size\": 64, \"num_attention_heads\": 4,"
                + " \"partial_rotary_factor\": 0.5, \"rope_theta\": 500.0}");
        assertEquals(8, newerNeox.rotaryDim());
        assertEquals(500.0, newerNeox.ropeTheta());
        HfConfig renamed = parse("{\"model_type\": \"gpt2\", \"hidden_size\": 64}");
        assertEquals(64, renamed.hiddenSize(), "the canonical name wins over n_embd, as the kwarg does in transformers");
    }

    @Test
    void llama3StyleConfigs() {
        HfConfig c = parse("""
                {"model_type": "llama", "hidden_size": 2048, "num_attention_heads": 32, "num_key_value_heads": 8,
                 "head_dim": 64, "rope_theta": 500000.0, "eos_token_id": [128001, 128008, 128009], "bos_token_id": 128000,
                 "rope_scaling": {"factor": 32.0, "high_freq_factor": 4.0, "low_freq_factor": 1.0,
                                  "original_max_position_embeddings": 8192, "rope_type": "llama3"},
                 "tie_word_embeddings": true, "torch_dtype": "bfloat16"}""");
        assertEquals(List.of(128001, 128008, 128009), c.eosTokenIds());
        assertEquals(64, c.headDim());
        assertEquals(8, c.numKvHeads());
        HfConfig.RopeScaling s = c.ropeScaling().orElseThrow();
        assertEquals("llama3", s.type());
        assertEquals(32.0, s.factor());
        assertEquals(8192, s.params().get("original_max_position_embeddings").asInt());
        assertEquals(500000.0, c.ropeTheta());
        assertEquals(Optional.of("bfloat16"), c.torchDtype());
        HfConfig linear = parse("{\"model_type\": \"llama\", \"rope_scaling\": {\"type\": \"linear\", \"factor\": 2.0}}");
        assertEquals("linear", linear.ropeScaling().orElseThrow().type());
    }

    @Test
    void unknownModelTypesReadStandardNamesWithoutDefaults() {
        HfConfig c = parse("{\"model_type\": \"mistral\", \"hidden_size\": 64, \"num_attention_heads\": 4,"
                + " \"rms_norm_eps\": 1e-5, \"sliding_window\": 4096}");
        assertEquals(64, c.hiddenSize());
        assertEquals(1e-5, c.normEps());
        assertEquals(4096, c.intValue("sliding_window"));
        assertEquals("config.json: missing field \"num_hidden_layers\" (model_type mistral)",
                assertThrows(CheckpointFormatException.class, c::numLayers).getMessage());
    }

    @Test
    void badValuesNameTheFileAndField() {
        assertEquals("config.json: missing field \"model_type\"",
                assertThrows(CheckpointFormatException.class, () -> parse("{\"hidden_size\": 4}")).getMessage());
        assertTrue(assertThrows(CheckpointFormatException.class, () -> parse("{\"model_type\": ")).getMessage()
                .startsWith("config.json: not valid JSON: "));
        HfConfig c = parse("{\"model_type\": \"gpt2\", \"n_embd\": \"32\", \"n_head\": 5, \"layer_norm_epsilon\": \"x\","
                + " \"scale_attn_weights\": 1}");
        assertEquals("config.json: field \"hidden_size\" must be an integer, found \"32\"",
                assertThrows(CheckpointFormatException.class, c::hiddenSize).getMessage());
        assertEquals("config.json: field \"layer_norm_epsilon\" must be a number, found \"x\"",
                assertThrows(CheckpointFormatException.class, c::normEps).getMessage());
        assertEquals("config.json: field \"scale_attn_weights\" must be true or false, found 1",
                assertThrows(CheckpointFormatException.class, c::scaleAttnWeights).getMessage());
        HfConfig odd = parse("{\"model_type\": \"gpt2\", \"n_embd\": 30, \"n_head\": 4}");
        assertEquals("config.json: hidden size 30 is not a multiple of the head count 4",
                assertThrows(CheckpointFormatException.class, odd::headDim).getMessage());
        HfConfig gqa = parse("{\"model_type\": \"llama\", \"num_attention_heads\": 6, \"num_key_value_heads\": 4}");
        assertEquals("config.json: num_key_value_heads 4 does not divide num_attention_heads 6",
                assertThrows(CheckpointFormatException.class, gqa::numKvHeads).getMessage());
        HfConfig neo = parse("{\"model_type\": \"gpt_neo\", \"num_layers\": 3, \"attention_types\": [[[\"global\"], 2]]}");
        assertEquals("config.json: attention layers list 2 kinds for 3 layers",
                assertThrows(CheckpointFormatException.class, neo::attentionLayers).getMessage());
    }
}
