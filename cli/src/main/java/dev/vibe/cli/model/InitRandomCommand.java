package dev.vibe.cli.model;

import picocli.CommandLine.Command;

/** Placeholder until its issue lands. */
@Command(name = "init-random", description = "Write a random-weight checkpoint of a known shape. (not yet available)")
public final class InitRandomCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("'init-random' is not available yet");
    }
}
