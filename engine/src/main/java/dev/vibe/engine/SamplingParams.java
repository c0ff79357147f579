package dev.vibe.engine;

import java.util.List;
import java.util.Objects;

/**
 * Per-request sampling settings, validated when built.
 *
 * @param temperature 0 means greedy
 * @param topP nucleus mass in (0, 1]; 1 disables it
 * @param topK 0 disables it; otherwise keep the k most likely tokens
 * @param maxNewTokens cap on generated tokens, at least 1
 * @param seed the draw is a function of this seed alone, whatever else shares the batch
 * @param stopTokenIds extra token ids that end generation (the checkpoint's eos ids always do)
 * @param stopStrings strings that end generation; the text is cut before them
 */
public record SamplingParams(
        double temperature,
        double topP,
        int topK,
        int maxNewTokens,
        long seed,
        List<Integer> stopTokenIds,
        List<String> stopStrings) {

    public static final int DEFAULT_MAX_NEW_TOKENS = 1024;

    public SamplingParams {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top_k must be >= 0 (0 = off), got " + topK);
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("max_new_tokens must be >= 1, got " + maxNewTokens);
        }
        stopTokenIds = List.copyOf(Objects.requireNonNull(stopTokenIds, "stopTokenIds"));
        stopStrings = List.copyOf(Objects.requireNonNull(stopStrings, "stopStrings"));
        for (String s : stopStrings) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("stop strings must not be empty");
            }
        }
    }

    public static SamplingParams greedy(int maxNewTokens) {
        return builder().optTemperature(0).optMaxNewTokens(maxNewTokens).build();
    }

    public boolean isGreedy() {
        return temperature == 0;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().optTemperature(temperature).optTopP(topP).optTopK(topK).optMaxNewTokens(maxNewTokens)
                .optSeed(seed).optStopTokenIds(stopTokenIds).optStopStrings(stopStrings);
    }

    /** Builder; defaults: temperature 0.6, top_p 0.95, no top_k, 1024 new tokens, seed 0. */
    public static final class Builder {
        private double temperature = 0.6;
        private double topP = 0.95;
        private int topK = 0;
        private int maxNewTokens = DEFAULT_MAX_NEW_TOKENS;
        private long seed = 0;
        private List<Integer> stopTokenIds = List.of();
        private List<String> stopStrings = List.of();

        public Builder optTemperature(double v) { temperature = v; return this; }
        public Builder optTopP(double v) { topP = v; return this; }
        public Builder optTopK(int v) { topK = v; return this; }
        public Builder optMaxNewTokens(int v) { maxNewTokens = v; return this; }
        public Builder optSeed(long v) { seed = v; return this; }
        public Builder optStopTokenIds(List<Integer> v) { stopTokenIds = v; return this; }
        public Builder optStopStrings(List<String> v) { stopStrings = v; return this; }

        public SamplingParams build() {
            return new SamplingParams(temperature, topP, topK, maxNewTokens, seed, stopTokenIds, stopStrings);
        }
    }
}
