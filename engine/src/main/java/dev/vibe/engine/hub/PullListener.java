package dev.vibe.engine.hub;

import java.util.List;

/** Follows a pull: called from the downloading thread. */
public interface PullListener {

    PullListener NONE = new PullListener() { };

    /** The files to fetch and their total size. */
    default void started(String repoId, List<HubFile> files, long totalBytes) {
    }

    /** Bytes present so far over all files (already complete and resumed bytes included). */
    default void progress(long bytesDone, long totalBytes) {
    }

    /** A file is complete and verified. */
    default void fileDone(HubFile file) {
    }
}
