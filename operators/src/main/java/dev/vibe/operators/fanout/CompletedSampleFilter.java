package dev.vibe.operators.fanout;

import java.io.Serializable;

/**
 * Which (problem, sample) pairs an earlier run over the same output already wrote: the fan-out skips them, so a
 * resumed run does only the work that is missing. Loaded once per fan-out subtask, on the TaskManager, in
 * {@code open()}; the pipeline supplies the loader (it knows where the output lives).
 */
@FunctionalInterface
public interface CompletedSampleFilter extends Serializable {

    /** Nothing done yet: every pair is generated. */
    CompletedSampleFilter NONE = () -> (problemId, sampleIndex) -> false;

    /** Reads the finished pairs; called in the fan-out's {@code open()}. */
    Completed load() throws Exception;

    /** The loaded pairs. */
    @FunctionalInterface
    interface Completed {
        boolean contains(String problemId, int sampleIndex);
    }
}
