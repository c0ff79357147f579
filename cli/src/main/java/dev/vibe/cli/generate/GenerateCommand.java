package dev.vibe.cli.generate;

import picocli.CommandLine.Command;

/** Placeholder until its issue lands. */
@Command(name = "generate", description = "Generate sampled solutions for a problem set on Flink. (not yet available)")
public final class GenerateCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("'generate' is not available yet");
    }
}
