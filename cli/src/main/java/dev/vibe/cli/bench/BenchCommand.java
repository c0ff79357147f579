package dev.vibe.cli.bench;

import picocli.CommandLine.Command;

/** {@code vibe bench …}: benchmarks that print figures (never assertions). */
@Command(name = "bench", description = "Benchmarks that print figures.",
        subcommands = {BenchEngineCommand.class, BenchPipelineCommand.class, BenchGradeCommand.class})
public final class BenchCommand {
}
