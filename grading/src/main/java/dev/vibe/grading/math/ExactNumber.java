package dev.vibe.grading.math;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number written out in full (integer, decimal, fraction, mixed number, scientific notation), held exactly as
 * a reduced fraction: {@code 1/3} never becomes {@code 0.333…}, so integers and rationals compare exactly.
 *
 * @param numerator   reduced numerator
 * @param denominator reduced, positive denominator
 * @param decimals    digits written after a decimal point, -1 when the number was not written as a decimal
 * @param significant significant digits written (for a decimal), used by the rounding rule
 */
record ExactNumber(BigInteger numerator, BigInteger denominator, int decimals, int significant) {

    /** Exponent limit for scientific notation: {@code 1e999999999} is not a number anyone means. */
    private static final int MAX_EXPONENT = 400;
    private static final Pattern INTEGER = Pattern.compile("([-+]?)(\\d+)");
    private static final Pattern DECIMAL = Pattern.compile("([-+]?)(\\d*)\\.(\\d+)|([-+]?)(\\d+)\\.");
    /** {@code 0.\overline{3}}, {@code 1.2\overline{45}}: a repeating decimal, which is exactly a fraction. */
    private static final Pattern REPEATING = Pattern.compile("([-+]?)(\\d*)\\.(\\d*)\\\\overline\\{(\\d{1,50})}");
    private static final Pattern SLASH = Pattern.compile("([-+]?)(\\d+)\\s*/\\s*(\\d+)");
    private static final Pattern FRAC = Pattern.compile("([-+]?)\\s*\\\\frac\\{\\s*([-+]?)(\\d+)\\s*}\\{\\s*([-+]?)(\\d+)\\s*}");
    /** {@code 2\frac{1}{2}}: two and a half, as a reader of a worked solution reads it. */
    private static final Pattern MIXED = Pattern.compile("([-+]?)(\\d+)\\s*\\\\frac\\{\\s*(\\d+)\\s*}\\{\\s*(\\d+)\\s*}");
    private static final Pattern SCIENTIFIC = Pattern.compile(
            "([-+]?\\d*\\.?\\d+)\\s*(?:\\\\times|\\\\cdot|\\*|x)\\s*10\\s*\\^\\s*\\{?\\s*([-+]?\\d{1,4})\\s*}?"
                    + "|([-+]?\\d*\\.?\\d+)[eE]([-+]?\\d{1,4})");

    ExactNumber {
        if (denominator.signum() <= 0) {
            throw new IllegalArgumentException("denominator must be positive");
        }
    }

    static ExactNumber of(BigInteger num, BigInteger den, int decimals, int significant) {
        if (den.signum() == 0) {
            return null;
        }
        if (den.signum() < 0) {
            num = num.negate();
            den = den.negate();
        }
        BigInteger g = num.gcd(den);
        if (g.signum() != 0 && !g.equals(BigInteger.ONE)) {
            num = num.divide(g);
            den = den.divide(g);
        }
        return new ExactNumber(num, den, decimals, significant);
    }

    /** The number {@code text} spells out in full, or null when it is anything else (an expression, a list…). */
    static ExactNumber parse(String text) {
        String s = text.strip().replace("{,}", "");
        if (s.startsWith("(") && s.endsWith(")") && s.indexOf('(', 1) < 0) {
            s = s.substring(1, s.length() - 1).strip();
        }
        Matcher m;
        if ((m = INTEGER.matcher(s)).matches()) {
            return of(signed(m.group(1), new BigInteger(m.group(2))), BigInteger.ONE, -1, -1);
        }
        if ((m = DECIMAL.matcher(s)).matches()) {
            return decimal(s.replace("+", ""));
        }
        if ((m = REPEATING.matcher(s)).matches()) {
            return repeating(m);
        }
        if ((m = SLASH.matcher(s)).matches()) {
            return of(signed(m.group(1), new BigInteger(m.group(2))), new BigInteger(m.group(3)), -1, -1);
        }
        if ((m = FRAC.matcher(s)).matches()) {
            boolean negative = "-".equals(m.group(1)) ^ "-".equals(m.group(2)) ^ "-".equals(m.group(4));
            BigInteger num = new BigInteger(m.group(3));
            return of(negative ? num.negate() : num, new BigInteger(m.group(5)), -1, -1);
        }
        if ((m = MIXED.matcher(s)).matches()) {
            BigInteger whole = new BigInteger(m.group(2));
            BigInteger num = new BigInteger(m.group(3));
            BigInteger den = new BigInteger(m.group(4));
            if (den.signum() == 0 || num.compareTo(den) >= 0) {
                return null; // "2\frac{3}{2}" is not a mixed number; leave it to the symbolic path
            }
            BigInteger total = whole.multiply(den).add(num);
            return of(signed(m.group(1), total), den, -1, -1);
        }
        if ((m = SCIENTIFIC.matcher(s)).matches()) {
            String mantissa = m.group(1) != null ? m.group(1) : m.group(3);
            int exponent = Integer.parseInt((m.group(2) != null ? m.group(2) : m.group(4)).replace("+", ""));
            if (Math.abs(exponent) > MAX_EXPONENT) {
                return null;
            }
            BigDecimal value = new BigDecimal(mantissa.replace("+", "")).scaleByPowerOfTen(exponent);
            ExactNumber exact = fromBigDecimal(value, -1, -1);
            int digits = new BigDecimal(mantissa.replace("+", "").replace("-", "")).precision();
            return new ExactNumber(exact.numerator, exact.denominator, Math.max(0, value.scale()), digits);
        }
        return null;
    }

    /** a.b(c) = (abc − ab) / (10^|b| · (10^|c| − 1)), the schoolbook rule. */
    private static ExactNumber repeating(Matcher m) {
        String whole = m.group(2).isEmpty() ? "0" : m.group(2);
        String fixed = m.group(3);
        String cycle = m.group(4);
        BigInteger withCycle = new BigInteger(whole + fixed + cycle);
        BigInteger withoutCycle = new BigInteger(whole + fixed);
        BigInteger den = BigInteger.TEN.pow(fixed.length()).multiply(BigInteger.TEN.pow(cycle.length()).subtract(BigInteger.ONE));
        return of(signed(m.group(1), withCycle.subtract(withoutCycle)), den, -1, -1);
    }

    private static ExactNumber decimal(String s) {
        BigDecimal value = new BigDecimal(s.endsWith(".") ? s.substring(0, s.length() - 1) : s);
        int decimals = Math.max(0, value.scale());
        String digits = s.replace("-", "").replace(".", "").replaceFirst("^0+", "");
        return fromBigDecimal(value, decimals, Math.max(1, digits.length()));
    }

    private static ExactNumber fromBigDecimal(BigDecimal value, int decimals, int significant) {
        BigDecimal v = value.stripTrailingZeros();
        if (v.scale() <= 0) {
            return of(v.toBigIntegerExact(), BigInteger.ONE, decimals, significant);
        }
        return of(v.unscaledValue(), BigInteger.TEN.pow(v.scale()), decimals, significant);
    }

    private static BigInteger signed(String sign, BigInteger value) {
        return "-".equals(sign) ? value.negate() : value;
    }

    boolean isDecimal() {
        return decimals >= 0;
    }

    boolean sameValue(ExactNumber other) {
        return numerator.equals(other.numerator) && denominator.equals(other.denominator);
    }

    ExactNumber dividedBy(int divisor) {
        return of(numerator, denominator.multiply(BigInteger.valueOf(divisor)), -1, -1);
    }

    BigDecimal toBigDecimal(MathContext mc) {
        return new BigDecimal(numerator).divide(new BigDecimal(denominator), mc);
    }

    /**
     * The rounding rule for a decimal against a value known to many digits: equal when the value rounded
     * half-up to the decimal's written places is the decimal, and the decimal shows at least
     * {@code minSignificant} significant digits (so {@code 0.333} matches 1/3 but {@code 0.3} does not).
     */
    boolean roundsFrom(BigDecimal value, int minSignificant) {
        if (!isDecimal() || significant < minSignificant) {
            return false;
        }
        BigDecimal rounded = value.setScale(decimals, RoundingMode.HALF_UP);
        return rounded.compareTo(toBigDecimal(MathContext.DECIMAL128)) == 0;
    }

    @Override
    public String toString() {
        return denominator.equals(BigInteger.ONE) ? numerator.toString() : numerator + "/" + denominator;
    }
}
