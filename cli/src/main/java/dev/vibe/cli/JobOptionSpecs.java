package dev.vibe.cli;

import dev.vibe.jobs.generate.GenerateOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A job's Flink {@link ConfigOption}s as picocli options (so each option is declared once, with its doc, for
 * {@code flink run} and {@code bin/vibe} alike), and the values given back as a map for a {@code Configuration}.
 */
public final class JobOptionSpecs {

    private JobOptionSpecs() {
    }

    /** Adds {@code --<key>} per option, with its doc and default; {@code flags} take no value. */
    public static CommandSpec addTo(CommandSpec spec, List<ConfigOption<?>> options,
            List<ConfigOption<Boolean>> flags) {
        for (ConfigOption<?> option : options) {
            boolean flag = flags.contains(option);
            String doc = GenerateOptions.doc(option)
                    + (option.hasDefaultValue() && !flag ? " Default: " + shown(option.defaultValue()) + "." : "");
            OptionSpec.Builder b = OptionSpec.builder("--" + option.key()).description(doc.replace("%", "%%"));
            if (flag) {
                b.arity("0").type(boolean.class);
            } else {
                b.arity("1").type(String.class).paramLabel("<" + option.key() + ">");
            }
            spec.addOption(b.build());
        }
        return spec;
    }

    /** The values given on the command line, by option key. */
    public static Map<String, String> given(CommandSpec spec, List<ConfigOption<?>> options) {
        Map<String, String> values = new LinkedHashMap<>();
        for (ConfigOption<?> option : options) {
            OptionSpec o = spec.findOption("--" + option.key());
            if (o != null && spec.commandLine().getParseResult().hasMatchedOption(o)) {
                values.put(option.key(), String.valueOf((Object) o.getValue()));
            }
        }
        return values;
    }

    private static String shown(Object value) {
        return value instanceof Duration d ? TimeUtils.formatWithHighestUnit(d) : String.valueOf(value);
    }
}
