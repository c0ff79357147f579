package dev.vibe.grading.code.compare;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Compares a program's stdout with the expected output as testlib's checkers do: both split into
 * whitespace-separated tokens (line breaks and spacing do not matter), same number of tokens, each pair equal
 * as text or, when both are numbers, equal as {@link Numbers#equal numbers}. Text is case-sensitive. So an empty
 * output fails unless the expected output is empty too.
 */
public final class TokenComparator {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** Integers: digits only, so they are compared exactly. */
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d{1,3})?");

    private TokenComparator() {
    }

    /** Empty when the outputs match; otherwise the first difference, described for a person. */
    public static Optional<String> mismatch(String expected, String actual) {
        String[] want = tokens(expected);
        String[] got = tokens(actual);
        int n = Math.min(want.length, got.length);
        for (int i = 0; i < n; i++) {
            if (!tokenEqual(want[i], got[i])) {
                return Optional.of("token " + (i + 1) + ": expected '" + clip(want[i]) + "', got '" + clip(got[i])
                        + "'");
            }
        }
        if (want.length != got.length) {
            return Optional.of(got.length == 0 ? "no output, expected " + want.length + " tokens"
                    : "expected " + want.length + " tokens, got " + got.length);
        }
        return Optional.empty();
    }

    static boolean tokenEqual(String expected, String actual) {
        if (expected.equals(actual)) {
            return true;
        }
        BigDecimal e = number(expected);
        BigDecimal a = number(actual);
        return e != null && a != null && Numbers.equal(e, a);
    }

    private static BigDecimal number(String token) {
        if (token.length() > 400) {
            return null;
        }
        if (INTEGER.matcher(token).matches()) {
            return new BigDecimal(token.startsWith("+") ? token.substring(1) : token);
        }
        if (DECIMAL.matcher(token).matches()) {
            try {
                return Numbers.decimal(new BigDecimal(token.startsWith("+") ? token.substring(1) : token));
            } catch (NumberFormatException | ArithmeticException e) {
                return null;
            }
        }
        return null;
    }

    private static String[] tokens(String s) {
        String t = s.strip();
        return t.isEmpty() ? new String[0] : WHITESPACE.split(t);
    }

    static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }
}
