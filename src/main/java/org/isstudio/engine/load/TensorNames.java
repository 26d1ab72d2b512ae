package org.isstudio.engine.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Finds a model's tensors under the names real checkpoints use. Ask with the names of the transformers
 * {@code *ForCausalLM} state dict (e.g. {@code transformer.h.0.attn.c_attn.weight}, {@code lm_head.weight}); a
 * file may store them with or without the base-model prefix, because transformers adds or strips that prefix
 * when it loads a base-model checkpoint into a head model (GPT-2's hub file has bare {@code h.0...}, DialoGPT
 * has {@code transformer.h.0...}; OPT files have {@code decoder.*}, not {@code model.decoder.*}).
 *
 * <p>The buffers checkpoints carry besides the weights (causal-mask {@code attn.bias}, {@code masked_bias},
 * rotary {@code inv_freq}) are recognised by name and shape, so {@link #unused()} reports only tensors the
 * architecture really failed to consume.
 */
public final class TensorNames {

    /** Base-model prefixes of the supported families, longest first so a strip removes the whole prefix. */
    private static final List<String> PREFIXES = List.of("model.decoder.", "transformer.", "gpt_neox.", "model.", "decoder.");

    private static final Pattern MASK = Pattern.compile("(?:^|.*\\.)(?:attn|attention)\\.bias");
    private static final Pattern MASKED_BIAS = Pattern.compile("(?:^|.*\\.)(?:attn|attention)\\.masked_bias");
    private static final Pattern INV_FREQ = Pattern.compile("(?:^|.*\\.)rotary_emb\\.inv_freq");

    private final TensorStore store;
    private final Set<String> used = new HashSet<>();

    public TensorNames(TensorStore store) {
        this.store = store;
    }

    public TensorStore store() {
        return store;
    }

    /**
     * The stored name of a tensor.
     *
     * @throws CheckpointFormatException naming the file and the tensor when it is absent, or stored twice under
     *                                   different prefixes
     */
    public String resolve(String name) {
        List<String> found = candidates(name).stream().filter(store.names()::contains).toList();
        if (found.isEmpty()) {
            throw CheckpointFormatException.forTensor(store.source(), name, "missing from the checkpoint (also looked for "
                    + String.join(", ", candidates(name).subList(1, candidates(name).size())) + ")");
        }
        if (found.size() > 1) {
            throw CheckpointFormatException.forTensor(store.source(), name, "stored more than once, as " + String.join(" and ", found));
        }
        used.add(found.getFirst());
        return found.getFirst();
    }

    /** Whether the checkpoint has the tensor under any accepted name (for optional tensors such as biases). */
    public boolean contains(String name) {
        return candidates(name).stream().anyMatch(store.names()::contains);
    }

    /** The tensor's description under its stored name, after {@link #resolve}. */
    public TensorInfo info(String name) {
        return store.info(resolve(name));
    }

    /**
     * Resolves a tensor and checks its shape.
     *
     * @throws CheckpointFormatException naming the file, tensor, and both shapes on a mismatch
     */
    public TensorInfo require(String name, long... shape) {
        TensorInfo info = info(name);
        if (!Arrays.equals(info.shape(), shape)) {
            throw CheckpointFormatException.forTensor(store.source(), info.name(), "shape " + Arrays.toString(info.shape())
                    + ", but the config implies " + Arrays.toString(shape));
        }
        return info;
    }

    /** Stored tensors never resolved and not a known buffer: weights the architecture did not consume. */
    public Set<String> unused() {
        Set<String> out = new TreeSet<>();
        for (String n : store.names()) {
            if (!used.contains(n) && !isBuffer(store.info(n))) out.add(n);
        }
        return out;
    }

    /**
     * Whether a stored tensor is one of the non-weight buffers checkpoints carry: a causal mask
     * ({@code attn.bias} / {@code attention.bias}, [1, 1, n, n] in any dtype), a 0-dim {@code masked_bias}, or
     * a 1-D rotary {@code inv_freq}. Name and shape together, so a real bias vector never matches.
     */
    public static boolean isBuffer(TensorInfo info) {
        String n = info.name();
        int rank = info.shape().length;
        return (rank == 4 && MASK.matcher(n).matches())
                || (rank == 0 && MASKED_BIAS.matcher(n).matches())
                || (rank == 1 && INV_FREQ.matcher(n).matches());
    }

    /** The name itself, then with each prefix stripped or added. */
    private static List<String> candidates(String name) {
        Set<String> out = new LinkedHashSet<>();
        out.add(name);
        for (String p : PREFIXES) {
            if (name.startsWith(p)) out.add(name.substring(p.length()));
        }
        for (String p : PREFIXES) out.add(p + name);
        return new ArrayList<>(out);
    }
}
