package dev.vibe.cli.bench;

import picocli.CommandLine.Command;

/** Placeholder until its issue lands. */
@Command(name = "pipeline", description = "Benchmark the whole job against the bare engine. (not yet available)")
public final class BenchPipelineCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("'pipeline' is not available yet");
    }
}
