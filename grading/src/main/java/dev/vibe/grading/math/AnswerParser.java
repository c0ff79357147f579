package dev.vibe.grading.math;

import dev.vibe.grading.math.Answer.Bracketed;
import dev.vibe.grading.math.Answer.Matrix;
import dev.vibe.grading.math.Answer.Relation;
import dev.vibe.grading.math.Answer.Scalar;
import dev.vibe.grading.math.Answer.SetOf;
import dev.vibe.grading.math.Answer.Text;
import dev.vibe.grading.math.Answer.Union;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a normalised answer into an {@link Answer}: matrix, union of intervals, set, bracketed tuple/interval,
 * bare list, equation/inequality, words, or a single value. Purely syntactic (no symbolic engine here), so it
 * never hangs; stateless and thread-safe.
 */
final class AnswerParser {

    /** Deepest nesting of lists and brackets read; deeper input is read as an opaque expression. */
    private static final int MAX_DEPTH = 8;
    private static final Pattern MATRIX = Pattern.compile(
            "\\\\begin\\{(pmatrix|bmatrix|Bmatrix|vmatrix|matrix|smallmatrix|array)}(\\{[^}]*})?(.*)\\\\end\\{\\1}",
            Pattern.DOTALL);
    private static final Pattern RELATION = Pattern.compile("<=|>=|\\\\le(?![a-zA-Z])|\\\\ge(?![a-zA-Z])"
            + "|\\\\ne(?![a-zA-Z])|!=|<|>|=");
    private static final Pattern WORD_SEPARATOR = Pattern.compile("\\s*,\\s*(?:or|and)\\s+|\\s+(?:or|and)\\s+");
    private static final Pattern INFINITY = Pattern.compile("([-+]?)\\s*(?:\\\\infty|inf|infinity)");
    /** Words a reader takes for units after a number, not for part of the answer. */
    private static final Pattern UNIT = Pattern.compile(
            "^(.*?(?:[0-9}).]|\\\\pi))\\s+((?:square|sq\\.?|cubic|cu\\.?)?\\s*(?:[a-zA-Z]{2,}|m|g|s|h|l|L)(?:\\s*/\\s*[a-zA-Z]+)?"
                    + "(?:\\s*\\^\\s*\\{?[23]}?)?(?:\\s+[a-zA-Z]{2,})*)\\s*$");
    private static final Set<String> FUNCTION_WORDS = Set.of("sin", "cos", "tan", "cot", "sec", "csc", "log",
            "ln", "exp", "sqrt", "lcm", "gcd", "max", "min", "det", "arcsin", "arccos", "arctan", "sinh", "cosh",
            "tanh", "frac", "pi", "infty", "inf", "mod", "pmod", "bmod", "cdot", "times", "binom", "deg", "lim");
    /** {@code \{x \mid x > 0\}}: set-builder notation over one unknown. */
    private static final Pattern SET_BUILDER = Pattern.compile(
            "[a-zA-Z]\\s*(?:\\\\mid|\\||:)\\s*(.+)", Pattern.DOTALL);
    private static final Pattern LETTER_RUN = Pattern.compile("[a-zA-Z]{3,}");
    private static final Pattern COMMAND = Pattern.compile("\\\\[a-zA-Z]+");

    private AnswerParser() {
    }

    static Answer parse(LatexNormalizer.Normalized normalized) {
        return parse(normalized.text(), normalized.percent(), 0);
    }

    static Answer parse(String text, boolean percent, int depth) {
        String s = text.strip();
        if (depth > MAX_DEPTH) {
            return new Scalar(s, null, 0, percent);
        }
        Matcher matrix = MATRIX.matcher(s);
        if (matrix.matches()) {
            return matrix(matrix.group(3), depth);
        }
        List<String> unionParts = splitTopLevel(s, "\\cup");
        if (unionParts.size() > 1) {
            List<Bracketed> parts = new ArrayList<>();
            for (String part : unionParts) {
                if (parse(part, false, depth + 1) instanceof Bracketed b) {
                    parts.add(b);
                } else {
                    return new Text(s); // "A \cup B" of names: a set expression we only compare as written
                }
            }
            return new Union(parts);
        }
        if (s.startsWith("\\{") && s.endsWith("\\}") && closesAtEnd(s)) {
            String inner = s.substring(2, s.length() - 2).strip();
            Matcher builder = SET_BUILDER.matcher(inner);
            if (builder.matches()) {
                Relation condition = relation(builder.group(1));
                if (condition != null) {
                    return condition; // {x | x > 0} is what x > 0 says, and compares as its interval
                }
            }
            return new SetOf(inner.isEmpty() ? List.of() : items(inner, depth), false);
        }
        if (s.length() >= 2 && "([".indexOf(s.charAt(0)) >= 0 && ")]".indexOf(s.charAt(s.length() - 1)) >= 0
                && closesAtEnd(s)) {
            String inner = s.substring(1, s.length() - 1);
            List<String> commas = splitTopLevel(inner, ",");
            if (commas.size() > 1) {
                return new Bracketed(s.charAt(0), s.charAt(s.length() - 1), items(inner, depth));
            }
            if (s.charAt(0) == '(' && s.charAt(s.length() - 1) == ')') {
                return parse(inner, percent, depth + 1);
            }
        }
        List<String> commas = splitTopLevel(s, ",");
        if (commas.size() > 1) {
            return new SetOf(items(s, depth), true);
        }
        List<String> words = splitWords(s);
        if (words.size() > 1 && words.stream().noneMatch(AnswerParser::isProse)) {
            List<Answer> items = new ArrayList<>();
            for (String w : words) {
                items.add(parse(w, false, depth + 1));
            }
            return new SetOf(items, true);
        }
        int pm = s.indexOf("\\pm");
        if (pm >= 0 && s.indexOf("\\pm", pm + 3) < 0 && !(pm + 3 < s.length() && Character.isLetter(s.charAt(pm + 3)))) {
            // "1 \pm \sqrt{2}" names both roots: the list of the two
            return new SetOf(List.of(parse(s.replace("\\pm", "+"), false, depth + 1),
                    parse(s.replace("\\pm", "-"), false, depth + 1)), true);
        }
        Relation relation = relation(s);
        if (relation != null) {
            return relation;
        }
        return scalar(s, percent);
    }

    /** A single value: infinity, a number spelled out, words, or an expression. */
    static Answer scalar(String text, boolean percent) {
        String s = text.strip();
        Matcher inf = INFINITY.matcher(s);
        if (inf.matches()) {
            return new Scalar(s, null, "-".equals(inf.group(1)) ? -1 : 1, false);
        }
        ExactNumber exact = ExactNumber.parse(s);
        if (exact != null) {
            return new Scalar(s, exact, 0, percent);
        }
        String withoutUnit = withoutUnit(s);
        if (withoutUnit != null) {
            ExactNumber number = ExactNumber.parse(withoutUnit);
            if (number != null) {
                return new Scalar(withoutUnit, number, 0, percent);
            }
            if (!isProse(withoutUnit)) {
                return new Scalar(withoutUnit, null, 0, percent);
            }
        }
        if (isProse(s)) {
            return new Text(s);
        }
        return new Scalar(s, null, 0, percent);
    }

    /** {@code 5 cm}, {@code 12 square units}, {@code 3 m/s} → the part before the unit; null when none. */
    static String withoutUnit(String s) {
        Matcher m = UNIT.matcher(s);
        if (!m.matches()) {
            return null;
        }
        String unit = m.group(2);
        for (String word : unit.split("[^a-zA-Z]+")) {
            if (FUNCTION_WORDS.contains(word.toLowerCase(Locale.ROOT))) {
                return null;
            }
        }
        return m.group(1).strip();
    }

    /** True for words that are not mathematics: a run of three letters that is no function name. */
    static boolean isProse(String s) {
        String withoutCommands = COMMAND.matcher(s).replaceAll(" ");
        Matcher m = LETTER_RUN.matcher(withoutCommands);
        while (m.find()) {
            if (!FUNCTION_WORDS.contains(m.group().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** {@code x = 3}, {@code 0 < x \le 1}, {@code y \ne 2}: top-level relation operators; null when none. */
    static Relation relation(String s) {
        int[] depth = Braces.depths(s);
        List<String> sides = new ArrayList<>();
        List<String> ops = new ArrayList<>();
        Matcher m = RELATION.matcher(s);
        int from = 0;
        while (m.find()) {
            if (depth[m.start()] != 0) {
                continue;
            }
            sides.add(s.substring(from, m.start()).strip());
            ops.add(canonicalOp(m.group()));
            from = m.end();
        }
        if (ops.isEmpty()) {
            return null;
        }
        sides.add(s.substring(from).strip());
        if (sides.stream().anyMatch(String::isEmpty)) {
            return null;
        }
        return new Relation(List.copyOf(sides), List.copyOf(ops));
    }

    private static String canonicalOp(String op) {
        return switch (op) {
            case "\\le", "<=" -> "<=";
            case "\\ge", ">=" -> ">=";
            case "\\ne", "!=" -> "!=";
            default -> op;
        };
    }

    private static Matrix matrix(String body, int depth) {
        List<List<Answer>> rows = new ArrayList<>();
        for (String row : body.split("\\\\\\\\")) {
            if (row.isBlank()) {
                continue;
            }
            List<Answer> cells = new ArrayList<>();
            for (String cell : row.split("&")) {
                cells.add(parse(cell.replace("\\hline", ""), false, depth + 1));
            }
            rows.add(cells);
        }
        return new Matrix(rows);
    }

    private static List<Answer> items(String inner, int depth) {
        List<Answer> items = new ArrayList<>();
        for (String part : splitTopLevel(inner, ",")) {
            items.add(parse(part, false, depth + 1));
        }
        return items;
    }

    /** "2 or 3", "x = 1 and x = 2": answers joined by words. */
    private static List<String> splitWords(String s) {
        if (!s.contains(" or ") && !s.contains(" and ")) {
            return List.of(s);
        }
        List<String> parts = new ArrayList<>();
        for (String p : WORD_SEPARATOR.split(s)) {
            if (!p.isBlank()) {
                parts.add(p.strip());
            }
        }
        return parts;
    }

    /** True when the bracket opened at index 0 is the one closed at the end ({@code (1,2)}, not {@code (1)(2)}). */
    static boolean closesAtEnd(String s) {
        int[] depth = Braces.depths(s);
        int opener = s.startsWith("\\{") ? 2 : 1;
        for (int i = opener; i < s.length() - opener; i++) {
            if (depth[i] < 1) {
                return false;
            }
        }
        return depth[s.length()] == 0;
    }

    /** Splits at {@code separator} where it stands outside every bracket. */
    static List<String> splitTopLevel(String s, String separator) {
        int[] depth = Braces.depths(s);
        List<String> parts = new ArrayList<>();
        int from = 0;
        int at = s.indexOf(separator);
        while (at >= 0) {
            boolean command = separator.startsWith("\\") && at + separator.length() < s.length()
                    && Character.isLetter(s.charAt(at + separator.length()));
            if (depth[at] == 0 && !command) {
                parts.add(s.substring(from, at).strip());
                from = at + separator.length();
            }
            at = s.indexOf(separator, at + separator.length());
        }
        parts.add(s.substring(from).strip());
        return parts;
    }
}
