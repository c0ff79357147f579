package dev.vibe.engine.checkpoint;

import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code tokenizer_config.json} says about special tokens; absent fields are null.
 *
 * @param eosToken {@code eos_token} (Qwen chat models: {@code <|im_end|>})
 * @param bosToken {@code bos_token} (Qwen: null)
 * @param padToken {@code pad_token}
 * @param addedTokens {@code added_tokens_decoder}: id to token content
 * @param specialIds the ids among {@code addedTokens} marked {@code special}
 */
public record TokenizerConfig(String eosToken, String bosToken, String padToken, Map<Integer, String> addedTokens,
        java.util.Set<Integer> specialIds) {

    public static final TokenizerConfig EMPTY = new TokenizerConfig(null, null, null, Map.of(), java.util.Set.of());

    public TokenizerConfig {
        addedTokens = java.util.Collections.unmodifiableMap(new TreeMap<>(addedTokens));
        specialIds = java.util.Set.copyOf(specialIds);
    }
}
