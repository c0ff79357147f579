package dev.vibe.engine.checkpoint;

/** Safetensors element types the engine reads. */
public enum DType {
    F32(4), F16(2), BF16(2);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    /** The name transformers uses in {@code torch_dtype}: float32, float16, bfloat16. */
    public String torchName() {
        return switch (this) {
            case F32 -> "float32";
            case F16 -> "float16";
            case BF16 -> "bfloat16";
        };
    }
}
