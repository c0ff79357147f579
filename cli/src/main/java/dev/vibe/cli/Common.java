package dev.vibe.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command takes ({@code @Mixin}). */
public final class Common {

    @Option(names = "--verbose", description = "Print stack traces and debug detail on error.")
    public boolean verbose;

    /** The project's root: {@code VIBE_HOME} as set by bin/vibe, else the working directory. */
    public static Path home() {
        String home = System.getenv("VIBE_HOME");
        return Path.of(home != null ? home : ".").toAbsolutePath().normalize();
    }

    /** The model every command uses when {@code --model} is not given: the committed demo checkpoint. */
    public static Path defaultModel() {
        return home().resolve("models/demo-arithmetic");
    }
}
