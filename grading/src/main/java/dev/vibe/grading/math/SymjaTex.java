package dev.vibe.grading.math;

import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites normalised LaTeX into what Symja's {@code TeXParser} reads correctly (field notes: it needs
 * {@code \dfrac}, {@code \frac13} and {@code \binom} rewritten first). Decimals become exact fractions so that
 * {@code 1.5\pi} and {@code \frac{3\pi}{2}} compare exactly rather than in floating point.
 */
final class SymjaTex {

    private static final Pattern DECIMAL = Pattern.compile("(?<![\\d.])(\\d*)\\.(\\d+)(?![\\d.])");
    /** {@code n(n+1)}: a single letter before a bracket is a product in an answer, not a function call. */
    private static final Pattern LETTER_BRACKET = Pattern.compile("(?<![\\\\a-zA-Z])([a-ei-zA-Z])\\s*\\(");
    private static final Pattern BINOM = Pattern.compile("\\\\binom\\{");
    private static final Pattern BARE_ARGUMENT = Pattern.compile(
            "\\\\(sin|cos|tan|cot|sec|csc|ln)(?![a-zA-Z])\\s*(\\^\\s*\\{?[-\\d]+}?)?\\s*"
                    + "((?:\\d+(?:\\.\\d+)?)?(?:[a-zA-Z]|\\\\(?:pi|theta|alpha|beta|phi)(?![a-zA-Z]))+|\\d+(?:\\.\\d+)?)");

    private SymjaTex() {
    }

    static String rewrite(String latex) {
        String s = LatexNormalizer.bracedShortArguments(latex);
        s = binomials(s);
        s = functionArguments(s);
        s = decimals(s);
        s = LETTER_BRACKET.matcher(s).replaceAll("$1\\\\cdot(");
        s = absoluteValues(s);
        return s;
    }

    /** {@code \binom{n}{k}} → {@code \frac{(n)!}{(k)!((n)-(k))!}}, which TeXParser evaluates exactly. */
    private static String binomials(String s) {
        Matcher m = BINOM.matcher(s);
        if (!m.find()) {
            return s;
        }
        int nOpen = m.end() - 1;
        int nClose = Braces.matching(s, nOpen);
        if (nClose < 0 || nClose + 1 >= s.length() || s.charAt(nClose + 1) != '{') {
            return s;
        }
        int kClose = Braces.matching(s, nClose + 1);
        if (kClose < 0) {
            return s;
        }
        String n = binomials(s.substring(nOpen + 1, nClose));
        String k = binomials(s.substring(nClose + 2, kClose));
        String frac;
        if (n.strip().matches("\\d{1,5}") && k.strip().matches("\\d{1,5}")) {
            frac = binomial(Integer.parseInt(n.strip()), Integer.parseInt(k.strip())).toString();
        } else {
            frac = "\\frac{(" + n + ")!}{(" + k + ")! \\cdot ((" + n + ")-(" + k + "))!}";
        }
        return s.substring(0, m.start()) + frac + binomials(s.substring(kClose + 1));
    }

    private static BigInteger binomial(int n, int k) {
        if (k < 0 || k > n) {
            return BigInteger.ZERO;
        }
        BigInteger result = BigInteger.ONE;
        for (int i = 0; i < Math.min(k, n - k); i++) {
            result = result.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
        }
        return result;
    }

    /** {@code \sin 2x} → {@code \sin(2x)}: a reader applies the function to the whole term, TeXParser to "2". */
    private static String functionArguments(String s) {
        Matcher m = BARE_ARGUMENT.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String power = m.group(2) == null ? "" : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement("\\" + m.group(1) + power + "(" + m.group(3) + ")"));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String decimals(String s) {
        Matcher m = DECIMAL.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String whole = m.group(1).isEmpty() ? "0" : m.group(1);
            String digits = (whole + m.group(2)).replaceFirst("^0+(?=\\d)", "");
            String frac = "\\frac{" + digits + "}{1" + "0".repeat(m.group(2).length()) + "}";
            m.appendReplacement(out, Matcher.quoteReplacement("{" + frac + "}"));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** {@code |x-1|} → {@code \left|x-1\right|}: TeXParser only pairs bars written with {@code \left}/{@code \right}. */
    private static String absoluteValues(String s) {
        if (s.indexOf('|') < 0 || s.contains("\\left|")) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        boolean open = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '|') {
                out.append(open ? "\\right|" : "\\left|");
                open = !open;
            } else {
                out.append(c);
            }
        }
        return open ? s : out.toString();
    }
}
