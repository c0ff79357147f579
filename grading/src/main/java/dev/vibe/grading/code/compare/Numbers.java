package dev.vibe.grading.code.compare;

import java.math.BigDecimal;

/** Number equality as testlib checks doubles: integers exactly, anything else within 1e-6 absolute-or-relative. */
final class Numbers {

    /** testlib's default error bound for doubles. */
    static final double EPSILON = 1e-6;

    private Numbers() {
    }

    /**
     * Two integers must be equal (a tolerance would let 1000000000 pass for 1000000001); otherwise
     * {@code |actual - expected| <= 1e-6 * max(1, |expected|)}.
     */
    static boolean equal(BigDecimal expected, BigDecimal actual) {
        if (isInteger(expected) && isInteger(actual)) {
            return expected.compareTo(actual) == 0;
        }
        double e = expected.doubleValue();
        double a = actual.doubleValue();
        if (!Double.isFinite(e) || !Double.isFinite(a)) {
            return expected.compareTo(actual) == 0;
        }
        return Math.abs(a - e) <= EPSILON * Math.max(1.0, Math.abs(e));
    }

    static boolean isInteger(BigDecimal d) {
        return d.scale() <= 0;
    }

    /** A decimal that stays one even when its value is integral ("2.0" is not the integer 2). */
    static BigDecimal decimal(BigDecimal d) {
        return d.scale() <= 0 ? d.setScale(1) : d;
    }
}
