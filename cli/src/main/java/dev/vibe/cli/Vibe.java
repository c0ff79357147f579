package dev.vibe.cli;

import dev.vibe.cli.bench.BenchCommand;
import dev.vibe.cli.engine.SolveCommand;
import dev.vibe.cli.generate.GenerateCommand;
import dev.vibe.cli.generate.KafkaCommand;
import dev.vibe.cli.generate.ProduceCommand;
import dev.vibe.cli.grade.GradeAnswerCommand;
import dev.vibe.cli.grade.GradeAnswersCommand;
import dev.vibe.cli.grade.GradeCommand;
import dev.vibe.cli.grade.JudgeCommand;
import dev.vibe.cli.model.ModelCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/vibe}: reasoning traces, graded, from problem sets, with VibeThinker-1.5B. */
@Command(name = "vibe", mixinStandardHelpOptions = true, version = "vibe 0.1.0",
        description = "Reasoning traces, graded, from problem sets, with VibeThinker-1.5B.",
        subcommands = {
            SolveCommand.class,
            GenerateCommand.class,
            GradeCommand.class,
            GradeAnswerCommand.class,
            GradeAnswersCommand.class,
            JudgeCommand.class,
            ModelCommand.class,
            KafkaCommand.class,
            ProduceCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Vibe implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status; errors are one line unless --verbose. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Vibe());
        cli.setExecutionExceptionHandler(new OneLineErrors());
        cli.setParameterExceptionHandler(new OneLineErrors());
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
