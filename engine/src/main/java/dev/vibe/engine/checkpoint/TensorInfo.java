package dev.vibe.engine.checkpoint;

import java.nio.file.Path;

/**
 * Where one tensor lives in a safetensors file.
 *
 * @param name checkpoint name, e.g. {@code model.layers.0.self_attn.q_proj.weight}
 * @param dtype element type in the file
 * @param shape dimensions (Linear weights are {@code [out, in]})
 * @param file the safetensors file
 * @param offset absolute byte offset of the data in the file
 * @param length data length in bytes
 */
public record TensorInfo(String name, DType dtype, long[] shape, Path file, long offset, long length) {

    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
