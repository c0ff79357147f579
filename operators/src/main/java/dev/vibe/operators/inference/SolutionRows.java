package dev.vibe.operators.inference;

import dev.vibe.engine.FinishReason;
import dev.vibe.engine.GenerationResult;
import dev.vibe.engine.ModelInfo;
import dev.vibe.schemas.Solution;
import dev.vibe.schemas.SolutionRequest;
import java.time.Instant;

/** Builds the output row of one request: its keys and prompt, the model's answer, the sampling it used. */
final class SolutionRows {

    private SolutionRows() {
    }

    static Solution of(SolutionRequest request, GenerationResult result, ModelInfo model, Instant startedAt,
            Instant finishedAt) {
        boolean failed = result.finishReason() == FinishReason.ERROR;
        return base(request, model, startedAt, finishedAt)
                .setCompletion(result.text())
                .setReasoning(failed ? null : result.reasoning())
                .setResponse(failed ? null : result.response())
                .setFinalAnswer(result.finalAnswer())
                .setFinishReason(result.finishReason().wireName())
                .setError(failed ? nonBlank(result.error()) : null)
                .setPromptTokens(result.promptTokens() > 0 ? result.promptTokens() : promptTokens(request))
                .setCompletionTokens(result.completionTokens())
                .build();
    }

    /** A row for a request that never came back (timeout) or could not be submitted. */
    static Solution error(SolutionRequest request, String reason, ModelInfo model, Instant startedAt,
            Instant finishedAt) {
        return base(request, model, startedAt, finishedAt)
                .setCompletion("")
                .setFinishReason(FinishReason.ERROR.wireName())
                .setError(nonBlank(reason))
                .setPromptTokens(promptTokens(request))
                .setCompletionTokens(0)
                .build();
    }

    private static Solution.Builder base(SolutionRequest request, ModelInfo model, Instant startedAt,
            Instant finishedAt) {
        return Solution.newBuilder()
                .setRunId(request.getRunId())
                .setProblemId(request.getProblemId())
                .setSampleIndex(request.getSampleIndex())
                .setSeed(request.getSeed())
                .setSource(request.getSource())
                .setKind(request.getKind())
                .setPrompt(request.getPrompt())
                .setSystemPrompt(request.getSystemPrompt())
                .setReferenceAnswer(request.getReferenceAnswer())
                .setModel(model.name())
                .setModelRevision(model.revision())
                .setTemperature(request.getTemperature())
                .setTopP(request.getTopP())
                .setTopK(request.getTopK())
                .setMaxNewTokens(request.getMaxNewTokens())
                .setStartedAt(startedAt)
                .setFinishedAt(finishedAt)
                .setTests(request.getTests())
                .setMetadata(request.getMetadata());
    }

    private static int promptTokens(SolutionRequest request) {
        return request.getPromptTokens() == null ? 0 : request.getPromptTokens();
    }

    private static String nonBlank(String reason) {
        return reason == null || reason.isBlank() ? "unknown error" : reason;
    }
}
