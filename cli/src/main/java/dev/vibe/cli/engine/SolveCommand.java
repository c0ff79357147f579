package dev.vibe.cli.engine;

import picocli.CommandLine.Command;

/** Placeholder until its issue lands. */
@Command(name = "solve", description = "Solve one problem, streaming the trace. (not yet available)")
public final class SolveCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("'solve' is not available yet");
    }
}
