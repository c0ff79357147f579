package dev.vibe.cli.bench;

import picocli.CommandLine.Command;

/** Placeholder until its issue lands. */
@Command(name = "engine", description = "Benchmark the engine's decode and prefill. (not yet available)")
public final class BenchEngineCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("'engine' is not available yet");
    }
}
