package dev.vibe.cli.grade;

import picocli.CommandLine.Command;

/** Placeholder until its issue lands. */
@Command(name = "grade-answer", description = "Compare one answer with a reference. (not yet available)")
public final class GradeAnswerCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("'grade-answer' is not available yet");
    }
}
