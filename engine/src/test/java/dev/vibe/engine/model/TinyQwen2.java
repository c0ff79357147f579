package dev.vibe.engine.model;

import ai.djl.ndarray.NDArray;
import dev.vibe.engine.checkpoint.Qwen2Config;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small Qwen2 shapes for tests: GQA (heads a multiple of KV heads), biases, both lm_head variants. */
public final class TinyQwen2 {

    private TinyQwen2() {
    }

    /** hidden 32, 2 layers, 4 heads over 2 KV heads of dim 8, vocab 97, context 256. */
    public static Qwen2Config config(boolean tied) {
        return config(tied, 256);
    }

    public static Qwen2Config config(boolean tied, int context) {
        return new Qwen2Config("Qwen2ForCausalLM", 32, 48, 2, 4, 2, 8, 97, context, 10000.0, 1e-6, tied,
                "float32", -1, List.of(96));
    }

    /** Every tensor copied to the Java heap, by checkpoint name. */
    public static Map<String, float[]> toJava(Qwen2Weights weights) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : weights.tensors().entrySet()) {
            out.put(e.getKey(), e.getValue().toFloatArray());
        }
        return out;
    }
}
