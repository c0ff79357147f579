package dev.vibe.cli.model;

import picocli.CommandLine.Command;

/** Placeholder until its issue lands. */
@Command(name = "pull", description = "Download a checkpoint from the Hugging Face Hub. (not yet available)")
public final class PullCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("'pull' is not available yet");
    }
}
