package dev.vibe.engine.checkpoint;

/**
 * Produces a tensor's values chunk by chunk, so a writer can stream tensors larger than any array.
 */
@FunctionalInterface
public interface FloatFiller {

    /** Fills {@code chunk[0..count)} with the elements {@code start .. start+count} (flat, row-major). */
    void fill(long start, float[] chunk, int count);
}
