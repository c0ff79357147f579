package dev.vibe.engine.checkpoint;

import java.util.List;

/**
 * {@code generation_config.json}: the checkpoint's own end tokens and sampling defaults; absent fields are null.
 */
public record GenerationConfig(List<Integer> eosTokenIds, Double temperature, Double topP, Integer topK,
        Integer maxNewTokens) {

    public static final GenerationConfig EMPTY = new GenerationConfig(List.of(), null, null, null, null);

    public GenerationConfig {
        eosTokenIds = List.copyOf(eosTokenIds);
    }
}
