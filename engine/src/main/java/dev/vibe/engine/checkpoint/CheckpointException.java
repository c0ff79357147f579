package dev.vibe.engine.checkpoint;

import java.nio.file.Path;

/** A checkpoint that cannot be used. The message names the file and the problem in one line. */
public class CheckpointException extends RuntimeException {

    private final Path file;

    public CheckpointException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public CheckpointException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
