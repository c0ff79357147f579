package dev.vibe.pipeline.testing;

import dev.vibe.schemas.Problem;
import dev.vibe.schemas.Solution;
import java.time.Instant;

/** A minimal {@link Solution} of a problem without a model: the sink tests' identity "inference". */
public final class TestSolutions {

    private TestSolutions() {
    }

    public static Solution of(Problem p, int sampleIndex, String runId, String finishReason) {
        String statement = p.getProblem() != null ? p.getProblem()
                : p.getMessages().get(p.getMessages().size() - 1).getContent();
        return Solution.newBuilder()
                .setRunId(runId).setProblemId(p.getId()).setSampleIndex(sampleIndex).setSeed(sampleIndex)
                .setSource(p.getSource()).setKind(p.getKind()).setPrompt(statement)
                .setCompletion("echo: " + statement).setReasoning("").setResponse("echo")
                .setFinalAnswer(p.getAnswer()).setReferenceAnswer(p.getAnswer())
                .setFinishReason(finishReason).setError("error".equals(finishReason) ? "test error" : null)
                .setPromptTokens(statement.length()).setCompletionTokens(1)
                .setModel("identity").setTemperature(0).setTopP(1).setTopK(0).setMaxNewTokens(1)
                .setStartedAt(Instant.ofEpochMilli(1_000)).setFinishedAt(Instant.ofEpochMilli(2_000))
                .setTests(p.getTests()).setMetadata(p.getMetadata())
                .build();
    }
}
