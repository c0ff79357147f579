package dev.vibe.engine;

import java.util.List;

/**
 * A finished generation.
 *
 * @param requestId the request's id
 * @param text the full completion (stop strings and end tokens excluded)
 * @param reasoning the text before {@code </think>} (the whole text when the model never closed its thinking)
 * @param response the text after {@code </think>}; empty when there is none
 * @param finalAnswer the content of the last {@code \boxed{...}} of the response, or null
 * @param finishReason stop, length or error
 * @param error why the request failed, for {@link FinishReason#ERROR}; otherwise null
 * @param promptTokenIds the prompt as the model saw it
 * @param completionTokenIds the generated tokens, end token excluded
 * @param queuedNanos time from submit to the first prefill step
 * @param prefillNanos time of the prefill step that admitted the request
 * @param decodeNanos time from the first generated token to the end
 */
public record GenerationResult(
        String requestId,
        String text,
        String reasoning,
        String response,
        String finalAnswer,
        FinishReason finishReason,
        String error,
        List<Integer> promptTokenIds,
        List<Integer> completionTokenIds,
        long queuedNanos,
        long prefillNanos,
        long decodeNanos) {

    public GenerationResult {
        promptTokenIds = List.copyOf(promptTokenIds);
        completionTokenIds = List.copyOf(completionTokenIds);
    }

    public int promptTokens() {
        return promptTokenIds.size();
    }

    public int completionTokens() {
        return completionTokenIds.size();
    }

    /** A result for a request that failed before or during generation. */
    public static GenerationResult failed(String requestId, String error, List<Integer> promptTokenIds,
            List<Integer> completionTokenIds) {
        return new GenerationResult(requestId, "", "", "", null, FinishReason.ERROR, error, promptTokenIds,
                completionTokenIds, 0, 0, 0);
    }
}
