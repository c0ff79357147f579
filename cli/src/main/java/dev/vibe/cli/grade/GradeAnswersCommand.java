package dev.vibe.cli.grade;

import picocli.CommandLine.Command;

/** Placeholder until its issue lands. */
@Command(name = "grade-answers", description = "Compare answers from JSON lines. (not yet available)")
public final class GradeAnswersCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("'grade-answers' is not available yet");
    }
}
