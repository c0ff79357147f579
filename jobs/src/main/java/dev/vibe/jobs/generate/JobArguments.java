package dev.vibe.jobs.generate;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Turns {@code --key value} / {@code --flag} arguments into a {@link Configuration} of {@link GenerateOptions}
 * (Flink's ParameterTool would accept unknown keys silently and has no notion of flags).
 */
public final class JobArguments {

    private JobArguments() {
    }

    public static Configuration parse(String... args) {
        return parse(GenerateOptions.ALL, GenerateOptions.FLAGS, args);
    }

    /** The same for another job's options ({@code flags}: those given without a value). */
    public static Configuration parse(List<ConfigOption<?>> options, List<ConfigOption<Boolean>> flags,
            String... args) {
        Map<String, ConfigOption<?>> byKey = new HashMap<>();
        options.forEach(o -> byKey.put(o.key(), o));
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "' (options are --key value)");
            }
            String key = arg.substring(2);
            String inline = null;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                inline = key.substring(eq + 1);
                key = key.substring(0, eq);
            }
            ConfigOption<?> option = byKey.get(key);
            if (option == null) {
                throw new IllegalArgumentException("unknown option --" + key);
            }
            if (flags.contains(option)) {
                values.put(key, inline == null ? "true" : inline);
            } else if (inline != null) {
                values.put(key, inline);
            } else if (i + 1 < args.length) {
                values.put(key, args[++i]);
            } else {
                throw new IllegalArgumentException("option --" + key + " needs a value");
            }
        }
        return Configuration.fromMap(values);
    }
}
