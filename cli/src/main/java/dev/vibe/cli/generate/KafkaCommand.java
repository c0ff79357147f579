package dev.vibe.cli.generate;

import picocli.CommandLine.Command;

/** Placeholder until its issue lands. */
@Command(name = "kafka", description = "Start or stop a local Kafka broker. (not yet available)")
public final class KafkaCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("'kafka' is not available yet");
    }
}
