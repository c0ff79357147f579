package dev.vibe.engine.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face model folder, validated when opened: {@code config.json}, {@code generation_config.json}
 * (optional), {@code model.safetensors} or {@code model.safetensors.index.json} with its shards,
 * {@code tokenizer.json} and {@code tokenizer_config.json} (optional).
 *
 * <p>Weights stay in memory-mapped files (one mapping per tensor, so files over 2 GiB work) and are never read
 * whole onto the Java heap. Every problem is a {@link CheckpointException} naming the file.
 */
public final class Checkpoint implements AutoCloseable {

    /** Hex digits of the content hash shown as the revision. */
    static final int REVISION_HEX_DIGITS = 12;

    private final Path directory;
    private final String name;
    private final String revision;
    private final Qwen2Config config;
    private final GenerationConfig generationConfig;
    private final TokenizerConfig tokenizerConfig;
    private final CheckpointWeights weights;

    private Checkpoint(Path directory, String name, String revision, Qwen2Config config,
            GenerationConfig generationConfig, TokenizerConfig tokenizerConfig, CheckpointWeights weights) {
        this.directory = directory;
        this.name = name;
        this.revision = revision;
        this.config = config;
        this.generationConfig = generationConfig;
        this.tokenizerConfig = tokenizerConfig;
        this.weights = weights;
    }

    /** Opens and validates a checkpoint folder: files present, architecture known, every tensor present with its
     *  expected shape and its bytes inside the file. */
    public static Checkpoint open(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException(dir, Files.exists(dir) ? "not a directory" : "missing checkpoint folder");
        }
        Qwen2Config config = ConfigJson.readConfig(dir.resolve(CheckpointFiles.CONFIG));
        GenerationConfig generation = ConfigJson.readGenerationConfig(dir.resolve(CheckpointFiles.GENERATION_CONFIG));
        Path tokenizerJson = dir.resolve(CheckpointFiles.TOKENIZER);
        int maxTokenId = TokenizerJsonScan.maxTokenId(tokenizerJson);
        if (maxTokenId >= config.vocabSize()) {
            throw new CheckpointException(tokenizerJson, "token id " + maxTokenId + " is outside the model's vocab_size "
                    + config.vocabSize() + " (config.json): tokenizer and weights do not belong together");
        }
        TokenizerConfig tokenizer = ConfigJson.readTokenizerConfig(dir.resolve(CheckpointFiles.TOKENIZER_CONFIG));
        CheckpointWeights weights = CheckpointWeights.open(dir);
        try {
            Path weightsLocation = Files.exists(dir.resolve(CheckpointFiles.WEIGHTS_INDEX))
                    ? dir.resolve(CheckpointFiles.WEIGHTS_INDEX) : dir.resolve(CheckpointFiles.SINGLE_WEIGHTS);
            CheckpointValidator.validate(config, weights.tensors(), weightsLocation);
            if (config.torchDtype() == null) {
                config = withDtype(config, weights.tensors().get(Qwen2Tensors.EMBED_TOKENS).dtype());
            }
            return new Checkpoint(dir, readName(dir), revision(dir, weights), config, generation, tokenizer,
                    weights);
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    private static Qwen2Config withDtype(Qwen2Config c, DType dtype) {
        return new Qwen2Config(c.architecture(), c.hiddenSize(), c.intermediateSize(), c.numHiddenLayers(),
                c.numAttentionHeads(), c.numKeyValueHeads(), c.headDim(), c.vocabSize(), c.maxPositionEmbeddings(),
                c.ropeTheta(), c.rmsNormEps(), c.tieWordEmbeddings(), dtype.torchName(), c.bosTokenId(), c.eosTokenIds());
    }

    private static String readName(Path dir) {
        Path source = dir.resolve(CheckpointFiles.SOURCE);
        if (Files.exists(source)) {
            JsonNode repo = ConfigJson.readTree(source).get("repo");
            if (repo != null && repo.isTextual() && !repo.asText().isBlank()) {
                return repo.asText();
            }
        }
        return dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
    }

    /** sha256 over config.json and every safetensors header: cheap, yet changes with any weight layout. */
    private static String revision(Path dir, CheckpointWeights weights) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Files.readAllBytes(dir.resolve(CheckpointFiles.CONFIG)));
            for (SafetensorsFile f : weights.files()) {
                sha.update(f.file().getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update(f.header().headerBytes());
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, REVISION_HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        } catch (IOException e) {
            throw new CheckpointException(dir.resolve(CheckpointFiles.CONFIG), "cannot read: " + e.getMessage(), e);
        }
    }

    public Path directory() {
        return directory;
    }

    /** The folder's name, or the Hub repo id recorded by {@code vibe model pull}. */
    public String name() {
        return name;
    }

    /** A short content hash of config.json and the safetensors headers: identifies the weights in outputs. */
    public String revision() {
        return revision;
    }

    public Qwen2Config config() {
        return config;
    }

    public GenerationConfig generationConfig() {
        return generationConfig;
    }

    /** Special tokens from {@code tokenizer_config.json} ({@link TokenizerConfig#EMPTY} when absent). */
    public TokenizerConfig tokenizerConfig() {
        return tokenizerConfig;
    }

    public Path tokenizerJson() {
        return directory.resolve(CheckpointFiles.TOKENIZER);
    }

    /** Every tensor in the checkpoint by its checkpoint name. */
    public Map<String, TensorInfo> tensors() {
        return weights.tensors();
    }

    /** One tensor; a {@link CheckpointException} when the checkpoint has none of that name. */
    public TensorInfo tensor(String tensorName) {
        TensorInfo t = weights.tensors().get(tensorName);
        if (t == null) {
            throw new CheckpointException(directory, "no tensor named " + tensorName);
        }
        return t;
    }

    /** Whether the output projection is the embedding matrix (tied and no {@code lm_head.weight} stored). */
    public boolean lmHeadTied() {
        return !weights.tensors().containsKey(Qwen2Tensors.LM_HEAD);
    }

    /** The safetensors files, in the order their headers enter the revision. */
    public List<Path> weightFiles() {
        List<Path> out = new ArrayList<>();
        weights.files().forEach(f -> out.add(f.file()));
        return out;
    }

    /**
     * A tensor's data as little-endian float32: an F32 tensor is a slice of the mapping (no copy); BF16 and F16
     * are widened into a new direct buffer.
     */
    public ByteBuffer float32(String tensorName) {
        TensorInfo t = tensor(tensorName);
        return weights.fileOf(t).float32(t);
    }

    /** A tensor's bytes exactly as stored (a read-only little-endian slice of the mapping). */
    public ByteBuffer raw(String tensorName) {
        TensorInfo t = tensor(tensorName);
        return weights.fileOf(t).raw(t);
    }

    @Override
    public void close() {
        weights.close();
    }
}
