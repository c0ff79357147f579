package dev.vibe.pipeline.sink;

import dev.vibe.schemas.SolutionRequest;
import java.util.Objects;
import org.apache.flink.api.common.functions.FilterFunction;

/** Keeps only the requests whose (problem_id, sample_index) is not in {@link CompletedSamples}: resume after fan-out. */
public final class SkipCompleted implements FilterFunction<SolutionRequest> {

    private static final long serialVersionUID = 1L;

    private final CompletedSamples completed;

    public SkipCompleted(CompletedSamples completed) {
        this.completed = Objects.requireNonNull(completed, "completed");
    }

    @Override
    public boolean filter(SolutionRequest request) {
        return !completed.contains(request.getProblemId(), request.getSampleIndex());
    }
}
