package dev.vibe.cli.model;

import picocli.CommandLine.Command;

/** Placeholder until its issue lands. */
@Command(name = "train-demo", description = "Train the small arithmetic demo model. (not yet available)")
public final class TrainDemoCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("'train-demo' is not available yet");
    }
}
