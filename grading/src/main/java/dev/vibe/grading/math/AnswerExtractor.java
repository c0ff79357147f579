package dev.vibe.grading.math;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the final answer in a bare answer, a worked solution (the MATH dataset's, with its {@code \boxed{}})
 * or a model response ({@code <think> … </think>} then the answer).
 *
 * <p>Order: only the text after the last {@code </think>} counts (a trace that opens {@code <think>} and never
 * closes it has no answer); there the last {@code \boxed{…}} / {@code \fbox{…}} / {@code \boxed 5}; else the
 * last "final answer is …", "the answer is …" or "answer: …" phrase; else the whole text when it is short
 * and reads as an answer rather than prose (at most {@value #MAX_BARE_WORDS} words, one line). Otherwise
 * there is no answer. Stateless and thread-safe.
 */
public final class AnswerExtractor {

    /** How the answer was found. */
    public enum Source { BOXED, PHRASE, BARE, NONE }

    /** An extracted answer: {@code text} is null when {@code source} is {@link Source#NONE}. */
    public record Extraction(String text, Source source) {
        static final Extraction NONE = new Extraction(null, Source.NONE);

        public boolean found() {
            return source != Source.NONE;
        }
    }

    static final String THINK_START = "<think>";
    static final String THINK_END = "</think>";
    /** A bare answer longer than this many prose words is a response without an answer, not an answer. */
    static final int MAX_BARE_WORDS = 4;
    static final int MAX_BARE_CHARS = 300;

    private static final Pattern PHRASE = Pattern.compile(
            "(?:final\\s+answer\\s*(?:is|:)|the\\s+answer\\s+is|\\banswer\\s*:|\\banswer\\s+is)\\s*:?\\s*",
            Pattern.CASE_INSENSITIVE);
    /** A word of prose: letters outside a LaTeX command name. */
    private static final Pattern PROSE_WORD = Pattern.compile("(?<![\\\\a-zA-Z])[a-zA-Z]{2,}");

    private AnswerExtractor() {
    }

    public static Extraction extract(String text) {
        if (text == null || text.isBlank()) {
            return Extraction.NONE;
        }
        String response = text;
        int end = text.lastIndexOf(THINK_END);
        if (end >= 0) {
            response = text.substring(end + THINK_END.length());
        } else if (text.contains(THINK_START)) {
            return Extraction.NONE; // still thinking: the trace never reached its answer
        }
        String boxed = lastBoxed(response);
        if (boxed != null) {
            return boxed.isBlank() ? Extraction.NONE : new Extraction(boxed.strip(), Source.BOXED);
        }
        String phrase = lastPhrase(response);
        if (phrase != null) {
            return new Extraction(phrase, Source.PHRASE);
        }
        String bare = response.strip();
        if (!bare.isEmpty() && bare.length() <= MAX_BARE_CHARS && bare.lines().count() <= 1 && proseWords(bare) <= MAX_BARE_WORDS) {
            return new Extraction(bare, Source.BARE);
        }
        return Extraction.NONE;
    }

    /** The content of the last well-formed {@code \boxed{…}}, {@code \fbox{…}} or {@code \boxed 5}; null if none. */
    static String lastBoxed(String text) {
        int at = lastCommand(text, text.length());
        while (at >= 0) {
            String found = boxedAt(text, at);
            if (found != null) {
                return found;
            }
            at = lastCommand(text, at - 1);
        }
        return null;
    }

    private static int lastCommand(String text, int before) {
        if (before < 0) {
            return -1;
        }
        return Math.max(text.lastIndexOf("\\boxed", before), text.lastIndexOf("\\fbox", before));
    }

    private static String boxedAt(String text, int at) {
        int i = at + (text.startsWith("\\boxed", at) ? "\\boxed".length() : "\\fbox".length());
        if (i < text.length() && Character.isLetter(text.charAt(i))) {
            return null; // some other command, e.g. \boxedtext
        }
        int j = i;
        while (j < text.length() && text.charAt(j) == ' ') {
            j++;
        }
        if (j < text.length() && text.charAt(j) == '{') {
            int close = Braces.matching(text, j);
            return close < 0 ? null : text.substring(j + 1, close);
        }
        if (j > i) { // "\boxed 5": one token, up to a space, '$' or the end
            int k = j;
            while (k < text.length() && !Character.isWhitespace(text.charAt(k)) && text.charAt(k) != '$') {
                k++;
            }
            return k > j ? text.substring(j, k) : null;
        }
        return null;
    }

    /** The answer after the last "final answer is" / "answer:" phrase, up to the end of its sentence. */
    private static String lastPhrase(String text) {
        Matcher m = PHRASE.matcher(text);
        int start = -1;
        while (m.find()) {
            start = m.end();
        }
        if (start < 0) {
            return null;
        }
        String rest = text.substring(start);
        String line = rest.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
        // markdown emphasis around the phrase or the answer ("**Answer:** $5$") is no part of it
        String answer = untilSentenceEnd(line.replaceFirst("^[*:\\s]+", "")).replaceFirst("[*\\s]+$", "").strip();
        return answer.isEmpty() ? null : answer;
    }

    /** Cuts at a full stop followed by a space or the end, never at a decimal point; keeps math in $…$ whole. */
    private static String untilSentenceEnd(String line) {
        boolean inMath = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '$') {
                inMath = !inMath;
            } else if (!inMath && c == '.' && (i + 1 == line.length() || Character.isWhitespace(line.charAt(i + 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static long proseWords(String s) {
        String withoutText = s.toLowerCase(Locale.ROOT);
        return PROSE_WORD.matcher(withoutText).results().count();
    }
}
