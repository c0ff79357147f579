package dev.vibe.grading.math;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites an extracted answer into one canonical LaTeX spelling, so that spelling differences (delimiters,
 * spacing commands, {@code \dfrac}, {@code \left(}, thousands separators, degree and percent signs, text
 * wrappers) never decide a verdict.
 *
 * <p>Every rewrite is anchored on a whole command name: {@code \left} is only removed when no letter follows,
 * so {@code \left(} becomes {@code (} and never {@code \le(} (a peer grader's unit stripping did that).
 * Stateless and thread-safe.
 */
final class LatexNormalizer {

    /** What the normaliser removed that still matters for the comparison. */
    record Normalized(String text, boolean percent, boolean degrees) {
    }

    private static final Pattern SPACING = Pattern.compile(
            "(?<!\\\\)\\\\(?:[!,;:> ]|quad(?![a-zA-Z])|qquad(?![a-zA-Z])|displaystyle(?![a-zA-Z])|textstyle(?![a-zA-Z])"
                    + "|limits(?![a-zA-Z])|nolimits(?![a-zA-Z])|hspace\\*?\\{[^}]*}|vspace\\*?\\{[^}]*}|phantom\\{[^}]*})|~");
    /** {@code \left}, {@code \right}, {@code \bigl} ... only when a delimiter (not a letter) follows. */
    private static final Pattern SIZED_DELIMITER = Pattern.compile(
            "\\\\(?:left|right|bigl|bigr|Bigl|Bigr|biggl|biggr|Biggl|Biggr|big|Big|bigg|Bigg)(?![a-zA-Z])\\s*");
    private static final Pattern TEXT_WRAPPER = Pattern.compile(
            "\\\\(?:text|textbf|textit|textrm|textsf|texttt|mathrm|mathbf|mathit|mathsf|mathtt|mathbb|mathcal|mbox"
                    + "|operatorname|boldsymbol|bm)\\s*\\{");
    private static final Pattern DEGREE = Pattern.compile(
            "\\s*(?:\\^\\s*\\{\\s*\\\\circ\\s*}|\\^\\s*\\\\circ(?![a-zA-Z])|\\\\degree(?![a-zA-Z])|°|\\\\circ(?![a-zA-Z]))");
    /** {@code \sin 60^\circ}: inside a trig function degrees are an angle to convert, not a sign to drop. */
    private static final Pattern TRIG_DEGREES = Pattern.compile("\\\\(sin|cos|tan|cot|sec|csc)\\s*\\(?\\s*(\\d+(?:\\.\\d+)?)"
            + "\\s*(?:\\^\\s*\\{\\s*\\\\circ\\s*}|\\^\\s*\\\\circ|\\\\degree|°)\\s*\\)?");
    /** {@code 2^10}: TeX would typeset 2¹0, but every writer of it means 2^{10}. */
    private static final Pattern UNBRACED_EXPONENT = Pattern.compile("\\^(\\d{2,})(?![\\d.])");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern PERCENT = Pattern.compile("\\s*(?:\\\\%|%|\\\\percent(?![a-zA-Z]))");
    private static final Pattern FRAC_NAME = Pattern.compile("\\\\[dtc]frac(?![a-zA-Z])");
    private static final Pattern BINOM_NAME = Pattern.compile("\\\\[dt]binom(?![a-zA-Z])");
    private static final Pattern REALS = Pattern.compile("\\\\mathbb\\s*\\{?\\s*R\\s*}?|\u211d");
    private static final Pattern EMPTY_SET = Pattern.compile("\\\\(?:emptyset|varnothing)(?![a-zA-Z])|\u2205");
    /** {@code x \in [1,2]}: the answer is the set the unknown belongs to. */
    private static final Pattern MEMBER_OF = Pattern.compile("^\\s*[a-zA-Z](?:_\\{?[a-zA-Z0-9]+}?)?\\s*\\\\in(?![a-zA-Z])\\s*");
    private static final Pattern APPROX = Pattern.compile("\\\\approx(?![a-zA-Z])|\u2248");
    /** {@code 10{,}000} and {@code 10\,000}: a LaTeX thousands separator between digit groups. */
    private static final Pattern LATEX_THOUSANDS = Pattern.compile("(\\d)(?:\\{,\\}|\\\\,|\\s)(?=\\d{3}(?!\\d))");
    /** A whole answer written with comma thousands separators: {@code 10,000} or {@code -1,234,567.5}. */
    private static final Pattern COMMA_THOUSANDS = Pattern.compile("[-+]?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?");
    private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("(?<!\\\\)[.,;:?]+$");

    private LatexNormalizer() {
    }

    static Normalized normalize(String answer) {
        String s = WHITESPACE.matcher(answer.strip()).replaceAll(" ");
        s = stripDelimiters(s);
        s = s.replace('\u2212', '-').replace('\u2013', '-').replace("\u00d7", "\\times ").replace("\u22c5", "\\cdot ")
                .replace("\u03c0", "\\pi ").replace("\u221e", "\\infty ").replace("\u2264", "\\le ")
                .replace("\u2265", "\\ge ").replace("\u2260", "\\ne ").replace("\u221a", "\\sqrt");
        s = s.replaceAll("\\\\\\$", "").replace("$", "");
        s = s.replace("\u00b2", "^{2}").replace("\u00b3", "^{3}");
        s = REALS.matcher(s).replaceAll("(-\\\\infty,\\\\infty)");
        s = EMPTY_SET.matcher(s).replaceAll("\\\\{\\\\}");
        s = SPACING.matcher(s).replaceAll(" ");
        s = s.replaceAll("\\\\(?:left|right)\\s*\\.", ""); // "\left." is an invisible delimiter
        s = SIZED_DELIMITER.matcher(s).replaceAll("");
        s = unwrapText(s);
        s = WHITESPACE.matcher(s).replaceAll(" "); // one space per run: the \\s*-led patterns below stay linear
        s = TRIG_DEGREES.matcher(s).replaceAll("\\\\$1(\\\\frac{$2\\\\pi}{180})");
        s = UNBRACED_EXPONENT.matcher(s).replaceAll("^{$1}");
        boolean degrees = DEGREE.matcher(s).find();
        s = DEGREE.matcher(s).replaceAll("");
        boolean percent = PERCENT.matcher(s).find();
        s = PERCENT.matcher(s).replaceAll("");
        s = FRAC_NAME.matcher(s).replaceAll("\\\\frac");
        s = BINOM_NAME.matcher(s).replaceAll("\\\\binom");
        s = MEMBER_OF.matcher(s).replaceAll("");
        s = approximationDropped(s);
        s = bracedShortArguments(s);
        s = s.replaceAll("\\\\(?:leqslant|leq)(?![a-zA-Z])", "\\\\le ").replaceAll("\\\\(?:geqslant|geq)(?![a-zA-Z])", "\\\\ge ")
                .replaceAll("\\\\neq(?![a-zA-Z])", "\\\\ne ").replaceAll("\\\\lt(?![a-zA-Z])", "<").replaceAll("\\\\gt(?![a-zA-Z])", ">")
                .replaceAll("\\\\(?:infinity|infin)(?![a-zA-Z])", "\\\\infty");
        s = s.replaceAll("\\s+", " ").strip();
        s = LATEX_THOUSANDS.matcher(s).replaceAll("$1");
        s = TRAILING_PUNCTUATION.matcher(s).replaceAll("").strip();
        if (COMMA_THOUSANDS.matcher(s).matches()) {
            s = s.replace(",", "");
        }
        s = stripOuterBraces(s);
        return new Normalized(s, percent, degrees);
    }

    /** {@code \frac{1}{6} \approx 0.167}: the exact value before the approximation is the answer. */
    private static String approximationDropped(String s) {
        Matcher m = APPROX.matcher(s);
        if (!m.find()) {
            return s;
        }
        String before = s.substring(0, m.start()).strip();
        String after = s.substring(m.end()).strip();
        // "x \approx 0.167" names the unknown first: then the number after it is the answer
        return before.matches("[a-zA-Z](?:_\\{?[a-zA-Z0-9]+}?)?|") ? after : before;
    }

    /** {@code $…$}, {@code $$…$$}, {@code \(…\)}, {@code \[…\]} around the whole answer. */
    static String stripDelimiters(String s) {
        String t = s.strip();
        boolean changed = true;
        while (changed) {
            changed = false;
            if (t.length() >= 4 && t.startsWith("\\(") && t.endsWith("\\)")
                    || t.length() >= 4 && t.startsWith("\\[") && t.endsWith("\\]")) {
                t = t.substring(2, t.length() - 2).strip();
                changed = true;
            } else if (t.length() >= 2 && t.startsWith("$") && t.endsWith("$") && !t.endsWith("\\$")) {
                t = t.substring(1, t.length() - 1).strip();
                changed = true;
            }
        }
        return t;
    }

    /**
     * {@code \text{cm}} → {@code  cm }: the wrapper and its closing brace become spaces, nested wrappers too,
     * in one pass with a stack of open groups (an unclosed wrapper keeps its brace out of the text).
     */
    private static String unwrapText(String s) {
        Matcher m = TEXT_WRAPPER.matcher(s);
        if (!m.find()) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        java.util.ArrayDeque<Boolean> open = new java.util.ArrayDeque<>(); // true: a wrapper's group
        int i = 0;
        int next = m.start();
        while (i < s.length()) {
            if (i == next) {
                out.append(' ');
                open.push(Boolean.TRUE);
                i = m.end();
                next = m.find(i) ? m.start() : -1;
                continue;
            }
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                out.append(c).append(s.charAt(i + 1));
                i += 2;
                continue;
            }
            if (c == '{') {
                open.push(Boolean.FALSE);
                out.append(c);
            } else if (c == '}' && !open.isEmpty()) {
                out.append(open.pop() ? ' ' : '}');
            } else {
                out.append(c);
            }
            i++;
        }
        return out.toString();
    }

    /** {@code \frac12} → {@code \frac{1}{2}}, {@code \sqrt2} → {@code \sqrt{2}}: single-token arguments braced. */
    static String bracedShortArguments(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        int i = 0;
        while (i < s.length()) {
            int args = s.startsWith("\\frac", i) && !isLetterAt(s, i + 5) ? 2
                    : s.startsWith("\\binom", i) && !isLetterAt(s, i + 6) ? 2
                    : s.startsWith("\\sqrt", i) && !isLetterAt(s, i + 5) ? 1 : 0;
            if (args == 0) {
                out.append(s.charAt(i++));
                continue;
            }
            int name = s.startsWith("\\binom", i) ? 6 : 5;
            out.append(s, i, i + name);
            int j = i + name;
            if (name == 5 && s.startsWith("\\sqrt", i)) {
                while (j < s.length() && s.charAt(j) == ' ') {
                    j++;
                }
                if (j < s.length() && s.charAt(j) == '[') {
                    int close = s.indexOf(']', j);
                    if (close > 0) {
                        out.append(s, j, close + 1);
                        j = close + 1;
                    }
                }
            }
            for (int a = 0; a < args; a++) {
                while (j < s.length() && s.charAt(j) == ' ') {
                    j++;
                }
                if (j >= s.length()) {
                    break;
                }
                char c = s.charAt(j);
                if (c == '{') {
                    int close = Braces.matching(s, j);
                    if (close < 0) {
                        break;
                    }
                    out.append('{').append(bracedShortArguments(s.substring(j + 1, close))).append('}');
                    j = close + 1;
                } else if (c == '\\') {
                    int k = j + 1;
                    while (k < s.length() && Character.isLetter(s.charAt(k))) {
                        k++;
                    }
                    out.append('{').append(s, j, k).append('}');
                    j = k;
                } else {
                    out.append('{').append(c).append('}');
                    j++;
                }
            }
            i = j;
        }
        return out.toString();
    }

    /** {@code {5}} → {@code 5} when the braces enclose the whole answer. */
    static String stripOuterBraces(String s) {
        String t = s;
        while (t.length() >= 2 && t.charAt(0) == '{' && Braces.matching(t, 0) == t.length() - 1) {
            t = t.substring(1, t.length() - 1).strip();
        }
        return t;
    }

    private static boolean isLetterAt(String s, int i) {
        return i < s.length() && Character.isLetter(s.charAt(i));
    }
}
