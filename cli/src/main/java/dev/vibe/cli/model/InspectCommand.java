package dev.vibe.cli.model;

import picocli.CommandLine.Command;

/** Placeholder until its issue lands. */
@Command(name = "inspect", description = "Validate a checkpoint and print its shape. (not yet available)")
public final class InspectCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("'inspect' is not available yet");
    }
}
