package dev.vibe.engine.checkpoint;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tensor names and shapes of a Qwen2 checkpoint (transformers' {@code Qwen2ForCausalLM}): Linear weights are
 * {@code [out, in]}; q, k and v projections have a bias, o_proj and the MLP none.
 */
public final class Qwen2Tensors {

    public static final String EMBED_TOKENS = "model.embed_tokens.weight";
    public static final String FINAL_NORM = "model.norm.weight";
    public static final String LM_HEAD = "lm_head.weight";

    public static final String INPUT_LAYERNORM = "input_layernorm.weight";
    public static final String POST_ATTENTION_LAYERNORM = "post_attention_layernorm.weight";
    public static final String Q_PROJ_WEIGHT = "self_attn.q_proj.weight";
    public static final String Q_PROJ_BIAS = "self_attn.q_proj.bias";
    public static final String K_PROJ_WEIGHT = "self_attn.k_proj.weight";
    public static final String K_PROJ_BIAS = "self_attn.k_proj.bias";
    public static final String V_PROJ_WEIGHT = "self_attn.v_proj.weight";
    public static final String V_PROJ_BIAS = "self_attn.v_proj.bias";
    public static final String O_PROJ_WEIGHT = "self_attn.o_proj.weight";
    public static final String GATE_PROJ_WEIGHT = "mlp.gate_proj.weight";
    public static final String UP_PROJ_WEIGHT = "mlp.up_proj.weight";
    public static final String DOWN_PROJ_WEIGHT = "mlp.down_proj.weight";

    private Qwen2Tensors() {
    }

    /** The full name of a layer's tensor, e.g. {@code layer(3, Q_PROJ_WEIGHT)}. */
    public static String layer(int index, String suffix) {
        return "model.layers." + index + "." + suffix;
    }

    /** Whether a name is a norm weight (initialised to ones, not random). */
    public static boolean isNorm(String name) {
        return name.endsWith("layernorm.weight") || name.equals(FINAL_NORM);
    }

    /**
     * Every tensor the decoder needs, in Hugging Face order, with its shape. {@code lm_head.weight} is included
     * when {@code withLmHead} (required when the embeddings are not tied).
     */
    public static Map<String, long[]> expected(Qwen2Config c, boolean withLmHead) {
        long h = c.hiddenSize();
        long q = (long) c.numAttentionHeads() * c.headDim();
        long kv = (long) c.numKeyValueHeads() * c.headDim();
        long mlp = c.intermediateSize();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put(EMBED_TOKENS, new long[] {c.vocabSize(), h});
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            shapes.put(layer(i, INPUT_LAYERNORM), new long[] {h});
            shapes.put(layer(i, Q_PROJ_WEIGHT), new long[] {q, h});
            shapes.put(layer(i, Q_PROJ_BIAS), new long[] {q});
            shapes.put(layer(i, K_PROJ_WEIGHT), new long[] {kv, h});
            shapes.put(layer(i, K_PROJ_BIAS), new long[] {kv});
            shapes.put(layer(i, V_PROJ_WEIGHT), new long[] {kv, h});
            shapes.put(layer(i, V_PROJ_BIAS), new long[] {kv});
            shapes.put(layer(i, O_PROJ_WEIGHT), new long[] {h, q});
            shapes.put(layer(i, POST_ATTENTION_LAYERNORM), new long[] {h});
            shapes.put(layer(i, GATE_PROJ_WEIGHT), new long[] {mlp, h});
            shapes.put(layer(i, UP_PROJ_WEIGHT), new long[] {mlp, h});
            shapes.put(layer(i, DOWN_PROJ_WEIGHT), new long[] {h, mlp});
        }
        shapes.put(FINAL_NORM, new long[] {h});
        if (withLmHead) {
            shapes.put(LM_HEAD, new long[] {c.vocabSize(), h});
        }
        return shapes;
    }
}
