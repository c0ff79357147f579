package dev.vibe.operators.metrics;

import dev.vibe.schemas.Rejected;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/** Counts dead letters by category on their way to the sink. */
public final class RejectedTally extends RichMapFunction<Rejected, Rejected> {

    private static final long serialVersionUID = 1L;

    private final String runId;
    private transient RunCounters counters;

    public RejectedTally(String runId) {
        this.runId = runId;
    }

    @Override
    public void open(OpenContext openContext) {
        counters = RunCounters.of(getRuntimeContext(), runId);
    }

    @Override
    public Rejected map(Rejected row) {
        counters.rejected(row.getCategory());
        return row;
    }
}
