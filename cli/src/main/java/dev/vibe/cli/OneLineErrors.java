package dev.vibe.cli;

import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** Prints an error as one line ({@code vibe: <message>}); the stack trace only with {@code --verbose}. */
final class OneLineErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {

    /** Exit status of a failed command. */
    static final int FAILED = 2;

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
        boolean verbose = Arrays.asList(parsed.originalArgs().toArray(new String[0])).contains("--verbose");
        if (verbose) {
            e.printStackTrace(System.err);
        }
        System.err.println(cli.getCommandSpec().qualifiedName() + ": " + message(e)
                + (verbose ? "" : " (--verbose for details)"));
        return FAILED;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        System.err.println("vibe: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, System.err);
        System.err.println("Try 'vibe " + e.getCommandLine().getCommandSpec().qualifiedName().replaceFirst("^vibe ?", "")
                + " --help'.");
        return FAILED;
    }

    /** The most specific message along the cause chain, on one line. */
    static String message(Throwable e) {
        Throwable t = e;
        String best = null;
        while (t != null) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                best = t.getMessage();
                if (!(t instanceof java.util.concurrent.ExecutionException)
                        && !(t instanceof java.util.concurrent.CompletionException)) {
                    break;
                }
            }
            t = t.getCause();
        }
        String text = best == null ? e.getClass().getSimpleName() : best;
        return text.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
