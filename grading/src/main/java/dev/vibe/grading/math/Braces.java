package dev.vibe.grading.math;

/** Bracket matching on LaTeX text, where {@code \{} and {@code \}} are escaped characters, not groups. */
final class Braces {

    private Braces() {
    }

    /** Index of the brace closing the {@code '{'} at {@code open}; -1 when it never closes. */
    static int matching(String s, int open) {
        int depth = 0;
        for (int j = open; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '\\' && j + 1 < s.length()) {
                j++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return j;
            }
        }
        return -1;
    }

    /**
     * Depth of nesting in all bracket kinds ({@code {} () [] \{\}}) before each index: 0 means top level.
     * Unbalanced closers never make the depth negative.
     */
    static int[] depths(String s) {
        int[] depth = new int[s.length() + 1];
        int d = 0;
        for (int j = 0; j < s.length(); j++) {
            depth[j] = d;
            char c = s.charAt(j);
            if (c == '\\' && j + 1 < s.length() && (s.charAt(j + 1) == '{' || s.charAt(j + 1) == '}')) {
                d = s.charAt(j + 1) == '{' ? d + 1 : Math.max(0, d - 1);
                depth[++j] = d;
            } else if (c == '{' || c == '(' || c == '[') {
                d++;
            } else if (c == '}' || c == ')' || c == ']') {
                d = Math.max(0, d - 1);
            }
        }
        depth[s.length()] = d;
        return depth;
    }
}
