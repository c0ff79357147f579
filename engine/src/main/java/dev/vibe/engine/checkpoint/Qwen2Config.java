package dev.vibe.engine.checkpoint;

import java.util.List;

/**
 * The architecture read from {@code config.json}: every field the Qwen2 decoder needs.
 *
 * @param architecture the first of {@code architectures}, e.g. Qwen2ForCausalLM
 * @param hiddenSize {@code hidden_size}
 * @param intermediateSize {@code intermediate_size} (MLP width)
 * @param numHiddenLayers {@code num_hidden_layers}
 * @param numAttentionHeads {@code num_attention_heads}
 * @param numKeyValueHeads {@code num_key_value_heads} (GQA)
 * @param headDim {@code head_dim}, or hidden / heads when absent
 * @param vocabSize {@code vocab_size}
 * @param maxPositionEmbeddings {@code max_position_embeddings}: the context length
 * @param ropeTheta {@code rope_theta}
 * @param rmsNormEps {@code rms_norm_eps}
 * @param tieWordEmbeddings {@code tie_word_embeddings}
 * @param torchDtype {@code torch_dtype} (bfloat16, float16, float32)
 * @param bosTokenId {@code bos_token_id}, -1 when absent
 * @param eosTokenIds {@code eos_token_id} (a number or a list)
 */
public record Qwen2Config(
        String architecture,
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int numKeyValueHeads,
        int headDim,
        int vocabSize,
        int maxPositionEmbeddings,
        double ropeTheta,
        double rmsNormEps,
        boolean tieWordEmbeddings,
        String torchDtype,
        int bosTokenId,
        List<Integer> eosTokenIds) {

    public Qwen2Config {
        eosTokenIds = List.copyOf(eosTokenIds);
    }

    /** Parameters in the checkpoint (lm_head counted once when tied). */
    public long parameterCount() {
        long h = hiddenSize;
        long kv = (long) numKeyValueHeads * headDim;
        long q = (long) numAttentionHeads * headDim;
        long attn = h * q + q + 2 * (h * kv + kv) + q * h;
        long mlp = 3 * h * intermediateSize;
        long layer = attn + mlp + 2 * h;
        long embed = (long) vocabSize * h;
        return embed + numHiddenLayers * layer + h + (tieWordEmbeddings ? 0 : embed);
    }
}
