package dev.vibe.cli.grade;

import picocli.CommandLine.Command;

/** Placeholder until its issue lands. */
@Command(name = "grade", description = "Grade solutions on Flink. (not yet available)")
public final class GradeCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("'grade' is not available yet");
    }
}
