package org.isstudio.engine.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * A model's {@code config.json}, read the way transformers reads it: the project's only reader of that file.
 *
 * <p>Each model type's config class in transformers renames some attributes ({@code attribute_map}, e.g. GPT-2
 * stores {@code hidden_size} as {@code n_embd}) and fills absent keys with its constructor defaults. Both tables
 * are reproduced here for the families the engine runs (from transformers 4.33 / 4.38 {@code configuration_*.py}),
 * so a hand-trimmed config behaves as it does under transformers. For other model types the accessors read the
 * standard names without defaults, and the raw accessors reach any key.
 */
public final class HfConfig {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Attribute renames and constructor defaults of one transformers config class. */
    private record Family(Map<String, String> aliases, JsonNode defaults) {
    }

    private static final Map<String, String> GPT2_ALIASES = Map.of(
            "hidden_size", "n_embd", "max_position_embeddings", "n_positions",
            "num_attention_heads", "n_head", "num_hidden_layers", "n_layer");

    private static final Map<String, Family> FAMILIES = Map.of(
            "gpt2", family(GPT2_ALIASES, """
                    {"vocab_size": 50257, "n_positions": 1024, "n_embd": 768, "n_layer": 12, "n_head": 12,
                     "n_inner": null, "activation_function": "gelu_new", "layer_norm_epsilon": 1e-5,
                     "scale_attn_weights": true, "scale_attn_by_inverse_layer_idx": false,
                     "reorder_and_upcast_attn": false, "bos_token_id": 50256, "eos_token_id": 50256}"""),
            "gptj", family(GPT2_ALIASES, """
                    {"vocab_size": 50400, "n_positions": 2048, "n_embd": 4096, "n_layer": 28, "n_head": 16,
                     "rotary_dim": 64, "n_inner": null, "activation_function": "gelu_new", "layer_norm_epsilon": 1e-5,
                     "bos_token_id": 50256, "eos_token_id": 50256, "tie_word_embeddings": false}"""),
            "gpt_neo", family(Map.of("num_attention_heads", "num_heads", "num_hidden_layers", "num_layers"), """
                    {"vocab_size": 50257, "max_position_embeddings": 2048, "hidden_size": 2048, "num_layers": 24,
                     "attention_types": [[["global", "local"], 12]], "num_heads": 16, "intermediate_size": null,
                     "window_size": 256, "activation_function": "gelu_new", "layer_norm_epsilon": 1e-5,
                     "bos_token_id": 50256, "eos_token_id": 50256}"""),
            "gpt_neox", family(Map.of(), """
                    {"vocab_size": 50432, "hidden_size": 6144, "num_hidden_layers": 44, "num_attention_heads": 64,
                     "intermediate_size": 24576, "hidden_act": "gelu", "rotary_pct": 0.25, "rotary_emb_base": 10000,
                     "max_position_embeddings": 2048, "layer_norm_eps": 1e-5, "use_parallel_residual": true,
                     "rope_scaling": null, "attention_bias": true, "bos_token_id": 0, "eos_token_id": 2,
                     "tie_word_embeddings": false}"""),
            "opt", family(Map.of(), """
                    {"vocab_size": 50272, "hidden_size": 768, "num_hidden_layers": 12, "ffn_dim": 3072,
                     "max_position_embeddings": 2048, "do_layer_norm_before": true, "_remove_final_layer_norm": false,
                     "word_embed_proj_dim": null, "num_attention_heads": 12, "activation_function": "relu",
                     "enable_bias": true, "layer_norm_elementwise_affine": true,
                     "pad_token_id": 1, "bos_token_id": 2, "eos_token_id": 2}"""),
            "llama", family(Map.of(), """
                    {"vocab_size": 32000, "hidden_size": 4096, "intermediate_size": 11008, "num_hidden_layers": 32,
                     "num_attention_heads": 32, "num_key_value_heads": null, "hidden_act": "silu",
                     "max_position_embeddings": 2048, "rms_norm_eps": 1e-6, "bos_token_id": 1, "eos_token_id": 2,
                     "tie_word_embeddings": false, "rope_theta": 10000.0, "rope_scaling": null,
                     "attention_bias": false, "mlp_bias": false}"""),
            "qwen2", family(Map.of(), """
                    {"vocab_size": 151936, "hidden_size": 4096, "intermediate_size": 22016, "num_hidden_layers": 32,
                     "num_attention_heads": 32, "num_key_value_heads": 32, "hidden_act": "silu",
                     "max_position_embeddings": 32768, "rms_norm_eps": 1e-6, "tie_word_embeddings": false,
                     "rope_theta": 10000.0, "rope_scaling": null, "use_sliding_window": false,
                     "sliding_window": 4096, "max_window_layers": 28}"""));

    private static final Family UNKNOWN = new Family(Map.of(), JSON.createObjectNode());

    private final Path file;
    private final JsonNode root;
    private final String modelType;
    private final Family family;

    private HfConfig(Path file, JsonNode root, String modelType) {
        this.file = file;
        this.root = root;
        this.modelType = modelType;
        this.family = FAMILIES.getOrDefault(modelType, UNKNOWN);
    }

    /** Reads {@code config.json} from a model folder, or the given file itself. */
    public static HfConfig read(Path folderOrFile) throws IOException {
        Path file = Files.isDirectory(folderOrFile) ? folderOrFile.resolve("config.json") : folderOrFile;
        if (!Files.isRegularFile(file)) throw new CheckpointFormatException(file, "no config.json in this model folder");
        return parse(file, Files.readString(file));
    }

    /** Parses config text; {@code file} is only used in messages. */
    public static HfConfig parse(Path file, String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new CheckpointFormatException(file, "not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (root == null || !root.isObject()) throw new CheckpointFormatException(file, "not a JSON object");
        JsonNode type = root.get("model_type");
        if (type == null || !type.isTextual() || type.asText().isBlank()) {
            throw new CheckpointFormatException(file, "missing field \"model_type\"");
        }
        return new HfConfig(file, root, type.asText());
    }

    private static Family family(Map<String, String> aliases, String defaults) {
        try {
            return new Family(aliases, JSON.readTree(defaults));
        } catch (JsonProcessingException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // ---------------------------------------------------------------- architecture

    public Path file() {
        return file;
    }

    /** e.g. {@code gpt2}, {@code gpt_neox}, {@code opt}, {@code llama}, {@code qwen2}, {@code gpt_neo}, {@code gptj}. */
    public String modelType() {
        return modelType;
    }

    /** The {@code architectures} list (e.g. {@code GPT2LMHeadModel}); empty when absent. */
    public List<String> architectures() {
        List<String> out = new ArrayList<>();
        JsonNode a = value("architectures");
        if (a != null && a.isArray()) a.forEach(n -> out.add(n.asText()));
        return out;
    }

    public int hiddenSize() {
        return intValue("hidden_size");
    }

    public int numLayers() {
        return intValue("num_hidden_layers");
    }

    public int numHeads() {
        return intValue("num_attention_heads");
    }

    /** Key/value heads of grouped-query attention; the query head count where the config has none. */
    public int numKvHeads() {
        int kv = optionalInt("num_key_value_heads").orElse(numHeads());
        if (kv <= 0 || numHeads() % kv != 0) {
            throw new CheckpointFormatException(file, "num_key_value_heads " + kv + " does not divide num_attention_heads " + numHeads());
        }
        return kv;
    }

    /** {@code head_dim} where configured (newer Llama-family configs), else hidden size / heads. */
    public int headDim() {
        OptionalInt explicit = optionalInt("head_dim");
        if (explicit.isPresent()) return explicit.getAsInt();
        if (hiddenSize() % numHeads() != 0) {
            throw new CheckpointFormatException(file, "hidden size " + hiddenSize() + " is not a multiple of the head count " + numHeads());
        }
        return hiddenSize() / numHeads();
    }

    /** Width of the MLP's inner layer (GPT-2, GPT-J and GPT-Neo default to 4 x hidden; OPT calls it ffn_dim). */
    public int intermediateSize() {
        return switch (modelType) {
            case "gpt2", "gptj" -> optionalInt("n_inner").orElse(4 * hiddenSize());
            case "gpt_neo" -> optionalInt("intermediate_size").orElse(4 * hiddenSize());
            case "opt" -> intValue("ffn_dim");
            default -> intValue("intermediate_size");
        };
    }

    public int vocabSize() {
        return intValue("vocab_size");
    }

    /** Longest sequence the position table or rotary setup was built for ({@code n_positions} for GPT-2/GPT-J). */
    public int maxPositions() {
        return intValue("max_position_embeddings");
    }

    /** LayerNorm or RMSNorm epsilon, under whichever name the family uses. */
    public double normEps() {
        return switch (modelType) {
            // OPT builds nn.LayerNorm without an eps argument: PyTorch's default.
            case "opt" -> 1e-5;
            case "gpt2", "gptj", "gpt_neo" -> doubleValue("layer_norm_epsilon");
            case "gpt_neox" -> doubleValue("layer_norm_eps");
            case "llama", "qwen2" -> doubleValue("rms_norm_eps");
            default -> firstDouble("rms_norm_eps", "layer_norm_eps", "layer_norm_epsilon", "norm_epsilon");
        };
    }

    /** The MLP activation as transformers names it ({@code gelu_new}, {@code gelu}, {@code relu}, {@code silu}, ...). */
    public String activation() {
        return switch (modelType) {
            case "gpt2", "gptj", "gpt_neo", "opt" -> string("activation_function");
            default -> string("hidden_act");
        };
    }

    /** Whether the LM head reuses the input embedding matrix (PretrainedConfig's default is true). */
    public boolean tieWordEmbeddings() {
        return optionalBool("tie_word_embeddings").orElse(true);
    }

    // ---------------------------------------------------------------- rotary position embedding

    /** Rotary base: {@code rope_theta}, GPT-NeoX's {@code rotary_emb_base}, else 10000 (fixed in GPT-J's code). */
    public double ropeTheta() {
        OptionalDouble theta = optionalDouble("rope_theta");
        if (theta.isPresent()) return theta.getAsDouble();
        return optionalDouble("rotary_emb_base").orElse(10000.0);
    }

    /**
     * How many dimensions of each head are rotated: 0 for families with learned positions, GPT-J's
     * {@code rotary_dim}, GPT-NeoX's {@code int(head_dim * rotary_pct)}, else {@code head_dim * partial_rotary_factor}.
     */
    public int rotaryDim() {
        return switch (modelType) {
            case "gpt2", "opt", "gpt_neo" -> 0;
            // GPT-J with rotary_dim null rotates the whole head (its frequency table is then built over the
            // embedding width, a quirk no released checkpoint exercises: they all set rotary_dim).
            case "gptj" -> optionalInt("rotary_dim").orElse(headDim());
            case "gpt_neox" -> (int) (headDim() * (optionalDouble("partial_rotary_factor").isPresent()
                    ? doubleValue("partial_rotary_factor") : doubleValue("rotary_pct")));
            default -> (int) (headDim() * optionalDouble("partial_rotary_factor").orElse(1.0));
        };
    }

    /** {@code rope_scaling} when configured: its type ({@code type} or {@code rope_type}), factor and every parameter. */
    public Optional<RopeScaling> ropeScaling() {
        JsonNode node = value("rope_scaling");
        if (node == null || node.isNull()) return Optional.empty();
        if (!node.isObject()) throw new CheckpointFormatException(file, "field \"rope_scaling\" must be an object or null");
        JsonNode type = node.has("rope_type") ? node.get("rope_type") : node.get("type");
        if (type == null || !type.isTextual()) {
            throw new CheckpointFormatException(file, "field \"rope_scaling\" has no \"type\" or \"rope_type\"");
        }
        JsonNode factor = node.get("factor");
        if (factor != null && !factor.isNumber()) throw new CheckpointFormatException(file, "rope_scaling.factor must be a number");
        return Optional.of(new RopeScaling(type.asText(), factor == null ? 1.0 : factor.asDouble(), node.deepCopy()));
    }

    /** A rope scaling entry; {@code params} holds every key (e.g. {@code low_freq_factor} for {@code llama3}). */
    public record RopeScaling(String type, double factor, JsonNode params) {
    }

    // ---------------------------------------------------------------- family specifics

    /** OPT: pre-LayerNorm (125m, 1.3b, ...) or post-LayerNorm (350m). */
    public boolean doLayerNormBefore() {
        return bool("do_layer_norm_before");
    }

    /** OPT: embedding width, projected to the hidden size when different (opt-350m). */
    public int wordEmbedProjDim() {
        return optionalInt("word_embed_proj_dim").orElse(hiddenSize());
    }

    /** OPT: the old switch that drops the final LayerNorm of pre-LN models. */
    public boolean removeFinalLayerNorm() {
        return bool("_remove_final_layer_norm");
    }

    /** OPT: whether linear layers carry biases. */
    public boolean enableBias() {
        return bool("enable_bias");
    }

    /** OPT: whether LayerNorms have gain and bias. */
    public boolean layerNormElementwiseAffine() {
        return bool("layer_norm_elementwise_affine");
    }

    /**
     * GPT-Neo: {@code "global"} or {@code "local"} per layer. A stored {@code attention_layers} wins over
     * {@code attention_types}, as in transformers, where the constructor's expansion is overwritten by the kwarg.
     */
    public List<String> attentionLayers() {
        List<String> layers = new ArrayList<>();
        JsonNode stored = root.get("attention_layers");
        if (stored != null && stored.isArray()) {
            stored.forEach(n -> layers.add(n.asText()));
        } else {
            JsonNode types = value("attention_types");
            if (types == null || !types.isArray()) throw missing("attention_types");
            for (JsonNode group : types) {
                if (!group.isArray() || group.size() != 2 || !group.get(0).isArray() || !group.get(1).canConvertToInt()) {
                    throw new CheckpointFormatException(file, "attention_types entry " + group + " is not [[kinds...], repeats]");
                }
                for (int r = 0; r < group.get(1).asInt(); r++) group.get(0).forEach(n -> layers.add(n.asText()));
            }
        }
        for (String kind : layers) {
            if (!kind.equals("global") && !kind.equals("local")) {
                throw new CheckpointFormatException(file, "attention layer kind \"" + kind + "\" is neither global nor local");
            }
        }
        if (layers.size() != numLayers()) {
            throw new CheckpointFormatException(file, "attention layers list " + layers.size() + " kinds for " + numLayers() + " layers");
        }
        return List.copyOf(layers);
    }

    /** GPT-Neo: how many positions a local layer sees, itself included. */
    public int windowSize() {
        return intValue("window_size");
    }

    /** GPT-NeoX: attention and MLP both read the block input ({@code x + attn(ln1(x)) + mlp(ln2(x))}). */
    public boolean useParallelResidual() {
        return bool("use_parallel_residual");
    }

    /** GPT-2: divide attention scores by sqrt(head_dim). */
    public boolean scaleAttnWeights() {
        return bool("scale_attn_weights");
    }

    /** GPT-2: additionally divide attention scores by (layer index + 1). */
    public boolean scaleAttnByInverseLayerIdx() {
        return bool("scale_attn_by_inverse_layer_idx");
    }

    /** Llama / GPT-NeoX: whether the q, k, v and output projections carry biases. */
    public boolean attentionBias() {
        return bool("attention_bias");
    }

    /** Llama: whether the MLP projections carry biases. */
    public boolean mlpBias() {
        return bool("mlp_bias");
    }

    /** Qwen2: whether some layers use sliding-window attention at all. */
    public boolean useSlidingWindow() {
        return bool("use_sliding_window");
    }

    /** The {@code torch_dtype} (or newer {@code dtype}) the checkpoint was saved in, e.g. {@code float16}. */
    public Optional<String> torchDtype() {
        JsonNode d = value("torch_dtype");
        if (d == null || d.isNull()) d = value("dtype");
        if (d == null || d.isNull()) return Optional.empty();
        return Optional.of(d.asText().toLowerCase(Locale.ROOT).replaceFirst("^torch\\.", ""));
    }

    public OptionalInt bosTokenId() {
        return optionalInt("bos_token_id");
    }

    /** EOS ids: one, several (Llama 3 lists two), or none. */
    public List<Integer> eosTokenIds() {
        JsonNode e = value("eos_token_id");
        if (e == null || e.isNull()) return List.of();
        List<Integer> ids = new ArrayList<>();
        if (e.isArray()) e.forEach(n -> ids.add(checkedInt("eos_token_id", n)));
        else ids.add(checkedInt("eos_token_id", e));
        return List.copyOf(ids);
    }

    public OptionalInt padTokenId() {
        return optionalInt("pad_token_id");
    }

    // ---------------------------------------------------------------- raw access (aliases and defaults applied)

    /** The parsed file, exactly as stored. */
    public JsonNode raw() {
        return root;
    }

    /** Whether the key has a non-null value in the file or among the family's defaults. */
    public boolean has(String key) {
        JsonNode v = value(key);
        return v != null && !v.isNull();
    }

    public int intValue(String key) {
        return optionalInt(key).orElseThrow(() -> missing(key));
    }

    public OptionalInt optionalInt(String key) {
        JsonNode v = value(key);
        return v == null || v.isNull() ? OptionalInt.empty() : OptionalInt.of(checkedInt(key, v));
    }

    public double doubleValue(String key) {
        return optionalDouble(key).orElseThrow(() -> missing(key));
    }

    public OptionalDouble optionalDouble(String key) {
        JsonNode v = value(key);
        if (v == null || v.isNull()) return OptionalDouble.empty();
        if (!v.isNumber()) throw wrongType(key, "a number", v);
        return OptionalDouble.of(v.asDouble());
    }

    public boolean bool(String key) {
        return optionalBool(key).orElseThrow(() -> missing(key));
    }

    public Optional<Boolean> optionalBool(String key) {
        JsonNode v = value(key);
        if (v == null || v.isNull()) return Optional.empty();
        if (!v.isBoolean()) throw wrongType(key, "true or false", v);
        return Optional.of(v.asBoolean());
    }

    public String string(String key) {
        JsonNode v = value(key);
        if (v == null || v.isNull()) throw missing(key);
        if (!v.isTextual()) throw wrongType(key, "a string", v);
        return v.asText();
    }

    /**
     * The value transformers would see for {@code key}: the key itself in the file, else the name the family's
     * {@code attribute_map} gives it, else that name's constructor default. Null when none has it.
     */
    private JsonNode value(String key) {
        if (root.has(key)) return root.get(key);
        String stored = family.aliases().getOrDefault(key, key);
        if (root.has(stored)) return root.get(stored);
        return family.defaults().get(stored);
    }

    private double firstDouble(String... keys) {
        for (String k : keys) {
            OptionalDouble d = optionalDouble(k);
            if (d.isPresent()) return d.getAsDouble();
        }
        throw missing(String.join("\" or \"", keys));
    }

    private int checkedInt(String key, JsonNode v) {
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw wrongType(key, "an integer", v);
        return v.asInt();
    }

    private CheckpointFormatException missing(String key) {
        return new CheckpointFormatException(file, "missing field \"" + key + "\" (model_type " + modelType + ")");
    }

    private CheckpointFormatException wrongType(String key, String expected, JsonNode found) {
        return new CheckpointFormatException(file, "field \"" + key + "\" must be " + expected + ", found " + found);
    }

    @Override
    public String toString() {
        return file + " (" + modelType + ")";
    }
}
