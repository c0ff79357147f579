package dev.vibe.engine.checkpoint;

import java.nio.ByteBuffer;
import java.nio.file.Path;
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

    private Checkpoint() {
    }

    /** Opens and validates a checkpoint folder: files present, architecture known, every tensor present with its
     *  expected shape and its bytes inside the file. */
    public static Checkpoint open(Path directory) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public Path directory() {
        throw new UnsupportedOperationException();
    }

    /** The folder's name, or the Hub repo id recorded by {@code vibe model pull}. */
    public String name() {
        throw new UnsupportedOperationException();
    }

    /** A short content hash of config.json and the safetensors headers: identifies the weights in outputs. */
    public String revision() {
        throw new UnsupportedOperationException();
    }

    public Qwen2Config config() {
        throw new UnsupportedOperationException();
    }

    public GenerationConfig generationConfig() {
        throw new UnsupportedOperationException();
    }

    public Path tokenizerJson() {
        throw new UnsupportedOperationException();
    }

    /** Every tensor in the checkpoint by its checkpoint name. */
    public Map<String, TensorInfo> tensors() {
        throw new UnsupportedOperationException();
    }

    /**
     * A tensor's data as little-endian float32: an F32 tensor is a slice of the mapping (no copy); BF16 and F16
     * are widened into a new direct buffer.
     */
    public ByteBuffer float32(String tensorName) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}
