package dev.vibe.cli.grade;

import picocli.CommandLine.Command;

/** Placeholder until its issue lands. */
@Command(name = "judge", description = "Judge a program against tests in a sandbox. (not yet available)")
public final class JudgeCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("'judge' is not available yet");
    }
}
