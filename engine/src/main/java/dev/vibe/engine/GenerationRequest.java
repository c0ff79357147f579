package dev.vibe.engine;

import dev.vibe.engine.prompt.Prompt;
import java.util.Objects;

/**
 * One generation: a prompt and its sampling settings.
 *
 * @param id the caller's name for this request, carried into logs and errors
 * @param prompt chat messages rendered with ChatML, or raw already-templated text
 * @param sampling sampling settings
 */
public record GenerationRequest(String id, Prompt prompt, SamplingParams sampling) {

    public GenerationRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(sampling, "sampling");
    }
}
