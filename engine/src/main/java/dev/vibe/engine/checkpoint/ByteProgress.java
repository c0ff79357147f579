package dev.vibe.engine.checkpoint;

/** Reports how far a long write or download has come, in bytes. Called from the working thread. */
@FunctionalInterface
public interface ByteProgress {

    ByteProgress NONE = (done, total) -> { };

    /** {@code done} of {@code total} bytes (total -1 when unknown). */
    void update(long done, long total);
}
