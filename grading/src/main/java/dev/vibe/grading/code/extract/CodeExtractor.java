package dev.vibe.grading.code.extract;

import dev.vibe.grading.code.Language;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the program in a model's response: the last complete fenced code block after {@code </think>} (the whole
 * text when there is none) that is tagged python, cpp / c++ or java, or untagged. Blocks tagged otherwise
 * ({@code text}, {@code bash}, sample output) are skipped; an untagged block takes the fallback language.
 */
public final class CodeExtractor {

    private static final String THINK_END = "</think>";
    /** An opening fence at a line start with an optional tag, the body, a closing fence at a line start. */
    private static final Pattern FENCE = Pattern.compile(
            "(?m)^[ \\t]*```[ \\t]*([^\\s`]*)[^\\n]*\\n(.*?)^[ \\t]*```", Pattern.DOTALL);

    private CodeExtractor() {
    }

    /** The code found, or empty when there is no usable block (or an untagged one and no fallback). */
    public static Optional<ExtractedCode> extract(String response, Language fallback) {
        int think = response.lastIndexOf(THINK_END);
        String answer = think >= 0 ? response.substring(think + THINK_END.length()) : response;
        Matcher m = FENCE.matcher(answer);
        ExtractedCode last = null;
        while (m.find()) {
            String tag = m.group(1);
            Optional<Language> lang = tag.isEmpty() ? Optional.ofNullable(fallback) : Language.fromTag(tag);
            if (lang.isPresent()) {
                last = new ExtractedCode(m.group(2), lang.get());
            }
        }
        return Optional.ofNullable(last);
    }

    /** Code and the language it is in. */
    public record ExtractedCode(String code, Language language) {
    }
}
