package dev.vibe.cli.bench;

import picocli.CommandLine.Command;

/** Placeholder until its issue lands. */
@Command(name = "grade", description = "Benchmark math checks and the judge's fixed cost. (not yet available)")
public final class BenchGradeCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("'grade' is not available yet");
    }
}
