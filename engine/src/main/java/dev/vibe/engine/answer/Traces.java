package dev.vibe.engine.answer;

/**
 * Splits a reasoning trace into its thinking and its response, and finds the last {@code \boxed{...}}.
 *
 * <p>The grader has a fuller extractor (fallbacks, normalisation); this is the part the engine needs to fill
 * {@code reasoning}, {@code response} and {@code final_answer} of every result.
 */
public final class Traces {

    public static final String THINK_END = "</think>";
    public static final String THINK_START = "<think>";

    private Traces() {
    }

    /** The text before the last {@code </think>}, without a leading {@code <think>}; the whole text if none. */
    public static String reasoning(String text) {
        int end = text.lastIndexOf(THINK_END);
        String head = end < 0 ? text : text.substring(0, end);
        String trimmed = head.stripLeading();
        return trimmed.startsWith(THINK_START) ? trimmed.substring(THINK_START.length()).strip() : head.strip();
    }

    /** The text after the last {@code </think>}; empty when the model never closed its thinking. */
    public static String response(String text) {
        int end = text.lastIndexOf(THINK_END);
        return end < 0 ? "" : text.substring(end + THINK_END.length()).strip();
    }

    /**
     * The content of the last {@code \boxed{...}} or {@code \fbox{...}} in {@code text} with nested braces
     * balanced, or of {@code \boxed 5}; null when there is none or its braces never close.
     */
    public static String lastBoxed(String text) {
        int at = Math.max(text.lastIndexOf("\\boxed"), text.lastIndexOf("\\fbox"));
        while (at >= 0) {
            String found = boxedAt(text, at);
            if (found != null) {
                return found;
            }
            int before = at - 1;
            at = before < 0 ? -1 : Math.max(text.lastIndexOf("\\boxed", before), text.lastIndexOf("\\fbox", before));
        }
        return null;
    }

    private static String boxedAt(String text, int at) {
        int i = at + (text.startsWith("\\boxed", at) ? "\\boxed".length() : "\\fbox".length());
        if (i < text.length() && text.charAt(i) == ' ') {
            // "\boxed 5": the argument runs to the next space, '$' or end.
            int start = i + 1;
            int end = start;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '$') {
                end++;
            }
            return end > start ? text.substring(start, end) : null;
        }
        if (i >= text.length() || text.charAt(i) != '{') {
            return null;
        }
        int depth = 0;
        for (int j = i; j < text.length(); j++) {
            char c = text.charAt(j);
            if (c == '\\' && j + 1 < text.length()) {
                j++; // an escaped brace does not count
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return text.substring(i + 1, j).strip();
            }
        }
        return null;
    }

    /** The last boxed answer of the response (after {@code </think>}); null when there is none. */
    public static String finalAnswer(String text) {
        String response = response(text);
        return response.isEmpty() ? null : lastBoxed(response);
    }
}
