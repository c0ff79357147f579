package dev.vibe.cli.model;

import picocli.CommandLine.Command;

/** {@code vibe model …}: checkpoints. */
@Command(name = "model", description = "Download, inspect, create and train checkpoints.",
        subcommands = {PullCommand.class, InspectCommand.class, InitRandomCommand.class, TrainDemoCommand.class})
public final class ModelCommand {
}
