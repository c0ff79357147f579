package dev.vibe.operators.metrics;

import dev.vibe.schemas.Solution;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/** Counts solution rows by finish reason and their tokens on their way to the sink (chained, no copy). */
public final class SolutionTally extends RichMapFunction<Solution, Solution> {

    private static final long serialVersionUID = 1L;

    private final String runId;
    private transient RunCounters counters;

    public SolutionTally(String runId) {
        this.runId = runId;
    }

    @Override
    public void open(OpenContext openContext) {
        counters = RunCounters.of(getRuntimeContext(), runId);
    }

    @Override
    public Solution map(Solution row) {
        counters.rowWritten(row.getFinishReason(), row.getPromptTokens(), row.getCompletionTokens(),
                row.getStartedAt().toEpochMilli(), row.getFinishedAt().toEpochMilli());
        return row;
    }
}
