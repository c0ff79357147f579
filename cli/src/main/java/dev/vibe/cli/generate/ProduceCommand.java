package dev.vibe.cli.generate;

import picocli.CommandLine.Command;

/** Placeholder until its issue lands. */
@Command(name = "produce", description = "Load a problem set into a Kafka topic. (not yet available)")
public final class ProduceCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("'produce' is not available yet");
    }
}
