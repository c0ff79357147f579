package dev.vibe.operators.fanout;

import dev.vibe.engine.SamplingParams;
import java.io.Serializable;
import java.util.Objects;

/**
 * What the fan-out needs, validated when built.
 *
 * @param runId the run's id, written into every row
 * @param samples samples per problem (n), at least 1
 * @param runSeed the run's seed; with the problem id and sample index it gives each sample's seed
 * @param promptFormat how a problem becomes a prompt
 * @param temperature sampling temperature, 0 = greedy
 * @param topP nucleus mass in (0, 1]
 * @param topK top-k cut, 0 = off
 * @param maxNewTokens cap on generated tokens
 * @param modelDir the checkpoint folder, read on the TaskManager for its tokenizer and context length
 */
public record FanOutSettings(String runId, int samples, long runSeed, PromptFormat promptFormat, double temperature,
        double topP, int topK, int maxNewTokens, String modelDir) implements Serializable {

    public FanOutSettings {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(promptFormat, "promptFormat");
        Objects.requireNonNull(modelDir, "modelDir");
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1, got " + samples);
        }
        // the engine's own checks, with its messages
        SamplingParams.builder().optTemperature(temperature).optTopP(topP).optTopK(topK).optMaxNewTokens(maxNewTokens)
                .build();
    }
}
