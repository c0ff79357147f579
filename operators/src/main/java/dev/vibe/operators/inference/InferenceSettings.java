package dev.vibe.operators.inference;

import java.io.Serializable;
import java.util.Objects;

/**
 * What the inference operator needs, validated when built.
 *
 * @param modelDir the checkpoint folder as the TaskManagers see it
 * @param device {@code cpu} or {@code cuda:N}: used when Flink hands the TaskManager no GPU (external resource
 *     {@code gpu}); when it does, the GPU index comes from there
 * @param dataType {@code float32}, {@code float16}, or null for the engine's choice
 * @param maxSlots sequences the shared engine decodes together
 * @param kvCacheTokens the engine's KV-cache pool in tokens, 0 = automatic
 * @param requestTimeoutMillis a request not back by then becomes a {@code finish_reason=error} row
 * @param failOnceAfterResults fault-injection for recovery drills and tests: after this many results in this
 *     JVM the operator fails once per run (0 = never)
 */
public record InferenceSettings(String modelDir, String device, String dataType, int maxSlots, long kvCacheTokens,
        long requestTimeoutMillis, long failOnceAfterResults) implements Serializable {

    public InferenceSettings {
        Objects.requireNonNull(modelDir, "modelDir");
        Objects.requireNonNull(device, "device");
        if (maxSlots < 1) {
            throw new IllegalArgumentException("engine slots must be >= 1, got " + maxSlots);
        }
        if (kvCacheTokens < 0) {
            throw new IllegalArgumentException("KV-cache tokens must be >= 0 (0 = automatic), got " + kvCacheTokens);
        }
        if (requestTimeoutMillis < 1) {
            throw new IllegalArgumentException("request timeout must be >= 1 ms, got " + requestTimeoutMillis);
        }
        if (failOnceAfterResults < 0) {
            throw new IllegalArgumentException("fail-once-after must be >= 0, got " + failOnceAfterResults);
        }
    }
}
