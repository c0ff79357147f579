package dev.vibe.engine.checkpoint;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes the JSON files of a checkpoint folder: {@code config.json} (as {@link Qwen2Config}),
 * {@code generation_config.json} and {@code tokenizer_config.json}. Field names and defaults follow transformers'
 * {@code Qwen2Config}; sizes that decide the tensor shapes have no default and must be present.
 */
public final class ConfigJson {

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private ConfigJson() {
    }

    /** Parses a JSON file; missing or invalid is a {@link CheckpointException} naming it. */
    static JsonNode readTree(Path file) {
        try {
            JsonNode node = JSON.readTree(Files.readAllBytes(file));
            if (node == null || !node.isObject()) {
                throw new CheckpointException(file, "invalid JSON: not a JSON object");
            }
            return node;
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, "missing file");
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file, "invalid JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads {@code config.json}: the architecture must be {@value CheckpointFiles#QWEN2_ARCHITECTURE}. */
    public static Qwen2Config readConfig(Path file) {
        JsonNode c = readTree(file);
        JsonNode architectures = c.get("architectures");
        if (architectures == null || !architectures.isArray() || architectures.isEmpty()
                || !architectures.get(0).isTextual()) {
            throw new CheckpointException(file, "missing config field 'architectures' (expected [\""
                    + CheckpointFiles.QWEN2_ARCHITECTURE + "\"])");
        }
        String architecture = architectures.get(0).asText();
        if (!architecture.equals(CheckpointFiles.QWEN2_ARCHITECTURE)) {
            throw new CheckpointException(file, "unknown architecture " + architecture + " (this engine runs "
                    + CheckpointFiles.QWEN2_ARCHITECTURE + ")");
        }
        if (c.path("use_sliding_window").asBoolean(false)) {
            throw new CheckpointException(file, "use_sliding_window is true: sliding-window attention is not"
                    + " supported");
        }
        JsonNode ropeScaling = c.get("rope_scaling");
        if (ropeScaling != null && !ropeScaling.isNull()) {
            throw new CheckpointException(file, "rope_scaling " + ropeScaling + " is not supported");
        }
        int hidden = positiveInt(file, c, "hidden_size");
        int heads = positiveInt(file, c, "num_attention_heads");
        int kvHeads = c.has("num_key_value_heads") ? positiveInt(file, c, "num_key_value_heads") : heads;
        int headDim = c.has("head_dim") && !c.get("head_dim").isNull() ? positiveInt(file, c, "head_dim")
                : hidden / heads;
        if (heads % kvHeads != 0) {
            throw new CheckpointException(file, "num_attention_heads " + heads
                    + " is not a multiple of num_key_value_heads " + kvHeads);
        }
        if (headDim <= 0 || headDim % 2 != 0 || (!c.has("head_dim") && hidden % heads != 0)) {
            throw new CheckpointException(file, "head_dim " + headDim + " (hidden_size " + hidden + " / "
                    + heads + " heads) must be a whole, even number");
        }
        String torchDtype = c.hasNonNull("torch_dtype") ? c.get("torch_dtype").asText()
                : c.path("dtype").asText(null);
        return new Qwen2Config(architecture, hidden,
                positiveInt(file, c, "intermediate_size"),
                positiveInt(file, c, "num_hidden_layers"),
                heads, kvHeads, headDim,
                positiveInt(file, c, "vocab_size"),
                positiveInt(file, c, "max_position_embeddings"),
                positiveDouble(file, c, "rope_theta"),
                positiveDouble(file, c, "rms_norm_eps"),
                c.path("tie_word_embeddings").asBoolean(false),
                torchDtype,
                c.hasNonNull("bos_token_id") ? tokenId(file, "bos_token_id", c.get("bos_token_id")) : -1,
                tokenIds(file, c, "eos_token_id"));
    }

    /** Reads {@code generation_config.json}; {@link GenerationConfig#EMPTY} when the file is absent. */
    public static GenerationConfig readGenerationConfig(Path file) {
        if (!Files.exists(file)) {
            return GenerationConfig.EMPTY;
        }
        JsonNode g = readTree(file);
        return new GenerationConfig(tokenIds(file, g, "eos_token_id"),
                optionalDouble(file, g, "temperature"),
                optionalDouble(file, g, "top_p"),
                g.hasNonNull("top_k") ? nonNegativeInt(file, g, "top_k") : null,
                g.hasNonNull("max_new_tokens") ? nonNegativeInt(file, g, "max_new_tokens") : null);
    }

    /** Reads {@code tokenizer_config.json}; {@link TokenizerConfig#EMPTY} when the file is absent. */
    public static TokenizerConfig readTokenizerConfig(Path file) {
        if (!Files.exists(file)) {
            return TokenizerConfig.EMPTY;
        }
        JsonNode t = readTree(file);
        Map<Integer, String> added = new HashMap<>();
        Set<Integer> special = new HashSet<>();
        JsonNode decoder = t.path("added_tokens_decoder");
        for (var it = decoder.fields(); it.hasNext();) {
            var e = it.next();
            int id;
            try {
                id = Integer.parseInt(e.getKey());
            } catch (NumberFormatException ex) {
                throw new CheckpointException(file, "added_tokens_decoder key '" + e.getKey() + "' is not a token id");
            }
            String content = e.getValue().path("content").asText(null);
            if (content == null) {
                throw new CheckpointException(file, "added_tokens_decoder." + id + " has no content");
            }
            added.put(id, content);
            if (e.getValue().path("special").asBoolean(false)) {
                special.add(id);
            }
        }
        return new TokenizerConfig(tokenText(t.get("eos_token")), tokenText(t.get("bos_token")),
                tokenText(t.get("pad_token")), added, special);
    }

    /** A special token is written as a string or as {@code {"content": ...}}. */
    private static String tokenText(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isTextual() ? node.asText() : node.path("content").asText(null);
    }

    /** Writes {@code config.json} in the layout of Qwen2.5 checkpoints. */
    public static void writeConfig(Path file, Qwen2Config config) {
        ObjectNode c = JSON.createObjectNode();
        c.putArray("architectures").add(config.architecture());
        c.put("attention_dropout", 0.0);
        if (config.bosTokenId() >= 0) {
            c.put("bos_token_id", config.bosTokenId());
        }
        putIds(c, "eos_token_id", config.eosTokenIds());
        c.put("hidden_act", "silu");
        c.put("hidden_size", config.hiddenSize());
        if (config.headDim() * config.numAttentionHeads() != config.hiddenSize()) {
            c.put("head_dim", config.headDim());
        }
        c.put("initializer_range", 0.02);
        c.put("intermediate_size", config.intermediateSize());
        c.put("max_position_embeddings", config.maxPositionEmbeddings());
        c.put("max_window_layers", config.numHiddenLayers());
        c.put("model_type", "qwen2");
        c.put("num_attention_heads", config.numAttentionHeads());
        c.put("num_hidden_layers", config.numHiddenLayers());
        c.put("num_key_value_heads", config.numKeyValueHeads());
        c.put("rms_norm_eps", config.rmsNormEps());
        c.putNull("rope_scaling");
        c.put("rope_theta", config.ropeTheta());
        c.put("sliding_window", config.maxPositionEmbeddings());
        c.put("tie_word_embeddings", config.tieWordEmbeddings());
        c.put("torch_dtype", config.torchDtype());
        c.put("use_cache", true);
        c.put("use_sliding_window", false);
        c.put("vocab_size", config.vocabSize());
        write(file, c);
    }

    /** Writes {@code generation_config.json}; null fields are left out. */
    public static void writeGenerationConfig(Path file, GenerationConfig config, int bosTokenId) {
        ObjectNode g = JSON.createObjectNode();
        if (bosTokenId >= 0) {
            g.put("bos_token_id", bosTokenId);
        }
        putIds(g, "eos_token_id", config.eosTokenIds());
        boolean sampling = config.temperature() != null || config.topP() != null || config.topK() != null;
        if (sampling) {
            g.put("do_sample", true);
        }
        if (config.temperature() != null) {
            g.put("temperature", config.temperature());
        }
        if (config.topP() != null) {
            g.put("top_p", config.topP());
        }
        if (config.topK() != null) {
            g.put("top_k", config.topK());
        }
        if (config.maxNewTokens() != null) {
            g.put("max_new_tokens", config.maxNewTokens());
        }
        write(file, g);
    }

    static void write(Path file, JsonNode node) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writeValue(file.toFile(), node);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    private static void putIds(ObjectNode node, String field, List<Integer> ids) {
        if (ids.size() == 1) {
            node.put(field, ids.get(0));
        } else if (!ids.isEmpty()) {
            ids.forEach(node.putArray(field)::add);
        }
    }

    private static int positiveInt(Path file, JsonNode c, String field) {
        int v = nonNegativeInt(file, c, field);
        if (v == 0) {
            throw new CheckpointException(file, "config field '" + field + "' must be positive, got 0");
        }
        return v;
    }

    private static int nonNegativeInt(Path file, JsonNode c, String field) {
        JsonNode v = c.get(field);
        if (v == null || v.isNull()) {
            throw new CheckpointException(file, "missing config field '" + field + "'");
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
            throw new CheckpointException(file, "config field '" + field + "' must be a non-negative integer, got "
                    + v);
        }
        return v.asInt();
    }

    private static double positiveDouble(Path file, JsonNode c, String field) {
        JsonNode v = c.get(field);
        if (v == null || v.isNull()) {
            throw new CheckpointException(file, "missing config field '" + field + "'");
        }
        if (!v.isNumber() || !(v.asDouble() > 0) || Double.isInfinite(v.asDouble())) {
            throw new CheckpointException(file, "config field '" + field + "' must be a positive number, got " + v);
        }
        return v.asDouble();
    }

    private static Double optionalDouble(Path file, JsonNode c, String field) {
        JsonNode v = c.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new CheckpointException(file, "field '" + field + "' must be a number, got " + v);
        }
        return v.asDouble();
    }

    private static int tokenId(Path file, String field, JsonNode v) {
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
            throw new CheckpointException(file, "field '" + field + "' must hold token ids, got " + v);
        }
        return v.asInt();
    }

    /** A token id field holds one id or a list of ids. */
    private static List<Integer> tokenIds(Path file, JsonNode c, String field) {
        JsonNode v = c.get(field);
        List<Integer> ids = new ArrayList<>();
        if (v == null || v.isNull()) {
            return ids;
        }
        if (v.isArray()) {
            v.forEach(id -> ids.add(tokenId(file, field, id)));
        } else {
            ids.add(tokenId(file, field, v));
        }
        return ids;
    }
}
