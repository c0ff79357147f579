package dev.vibe.grading.math;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hipparchus.complex.Complex;
import org.matheclipse.core.eval.EvalEngine;
import org.matheclipse.core.expression.F;
import org.matheclipse.core.form.tex.TeXParser;
import org.matheclipse.core.interfaces.IAST;
import org.matheclipse.core.interfaces.IExpr;
import org.matheclipse.core.interfaces.IFraction;
import org.matheclipse.core.interfaces.IInteger;
import org.matheclipse.core.interfaces.ISymbol;

/**
 * The checks that need Symja, each run on a {@link SymjaWorkers} thread with that thread's engine.
 *
 * <p>Equality of two expressions: exact rationals compare exactly (so {@code 1/2004!} and {@code 1/2006!}
 * differ); otherwise the difference is evaluated, and is equal when it evaluates to 0, or, without free
 * variables, when its value at {@value #DIGITS} digits is below {@value #ZERO_TOLERANCE} relative to the
 * values; with free variables, when it vanishes at every one of several sample points (identity testing
 * by evaluation: a nonzero expression vanishing at all of them is practically impossible).
 */
final class SymbolicChecks {

    /** Outcome of one check: equal or not, and why. */
    record Outcome(boolean equal, String reason) {
    }

    /** Working precision, in decimal digits, of numeric checks. */
    static final int DIGITS = 40;
    /** A difference this small relative to the values, at {@link #DIGITS} digits, is zero (ratios, factors). */
    static final double ZERO_TOLERANCE = 1e-25;
    /** Digits of the working precision not trusted when deciding that two values are equal. */
    static final int GUARD_DIGITS = 15;
    /** Most working digits a numeric check uses. */
    static final int MAX_DIGITS = 2000;
    /** Sample values for free variables: irregular, both signs, none a likely root or pole. */
    private static final long[][] SAMPLES = {{37, 100}, {191, 100}, {-63, 100}, {273, 100}, {-149, 100}};
    private static final int MIN_VALID_SAMPLES = 3;

    private SymbolicChecks() {
    }

    /** Thrown when Symja cannot read an answer: it is then not equal to anything (never a number inside it). */
    static final class Unparseable extends Exception {
        Unparseable(String message) {
            super(message);
        }
    }

    static IExpr parse(EvalEngine engine, String latex) throws Unparseable {
        IExpr parsed;
        try {
            parsed = new TeXParser().parse(SymjaTex.rewrite(latex));
        } catch (RuntimeException | StackOverflowError e) {
            throw new Unparseable("cannot read '" + latex + "'");
        }
        if (parsed == null || parsed.isNIL()) {
            throw new Unparseable("cannot read '" + latex + "'");
        }
        String problem = unreadable(parsed);
        if (problem != null) {
            throw new Unparseable(problem + " in '" + latex + "'");
        }
        return parsed;
    }

    static Outcome equal(EvalEngine engine, String a, String b) throws Unparseable {
        IExpr ea = engine.evaluate(parse(engine, a));
        IExpr eb = engine.evaluate(parse(engine, b));
        if (ea.isRational() && eb.isRational()) {
            return ea.equals(eb) ? new Outcome(true, "exact values equal") : new Outcome(false, "exact values differ");
        }
        if (ea.isIndeterminate() || eb.isIndeterminate()) {
            return new Outcome(false, "indeterminate value");
        }
        IExpr diff = engine.evaluate(F.Subtract(ea, eb));
        if (diff.isZero()) {
            return new Outcome(true, "symbolic: difference simplifies to 0");
        }
        List<IExpr> vars = variables(engine, diff);
        if (vars.isEmpty()) {
            int digits = digitsFor(ea, eb);
            Boolean close = closeTo(engine, ea, eb, digits);
            if (close == null) {
                return new Outcome(false, "values differ (not numeric)");
            }
            return close ? new Outcome(true, "numeric: equal to " + (digits - GUARD_DIGITS) + " digits")
                    : new Outcome(false, "values differ");
        }
        // sample points first: they refute a wrong answer at once, where Simplify may expand for seconds
        int valid = 0;
        int digits = digitsFor(ea, eb);
        for (int p = 0; p < SAMPLES.length; p++) {
            IAST rules = samplePoint(vars, p);
            Boolean close = closeTo(engine, F.ReplaceAll(ea, rules), F.ReplaceAll(eb, rules), digits);
            if (close == null) {
                continue; // a pole or a non-numeric value at this point: it proves nothing
            }
            if (!close) {
                return new Outcome(false, "expressions differ");
            }
            valid++;
        }
        if (valid >= MIN_VALID_SAMPLES) {
            return new Outcome(true, "numeric: equal at " + valid + " sample points");
        }
        return engine.evaluate(F.Simplify(diff)).isZero() ? new Outcome(true, "symbolic: difference simplifies to 0")
                : new Outcome(false, "expressions could not be compared");
    }

    /** |value − decimal| as a number, for the decimal rounding rule; null when the value is not numeric. */
    static Double distanceTo(EvalEngine engine, String latex, ExactNumber decimal) throws Unparseable {
        IExpr value = engine.evaluate(parse(engine, latex));
        if (!variables(engine, value).isEmpty()) {
            return null;
        }
        IExpr d = F.QQ(F.ZZ(decimal.numerator()), F.ZZ(decimal.denominator()));
        Complex diff = numeric(engine, F.Subtract(value, d));
        return diff == null ? null : diff.norm();
    }

    /**
     * Whether {@code l1 − r1} is a constant nonzero multiple of {@code l2 − r2} (a positive one when
     * {@code positive}): the test for one equation or inequality restating another.
     */
    static Outcome proportional(EvalEngine engine, String l1, String r1, String l2, String r2, boolean positive)
            throws Unparseable {
        IExpr d1 = engine.evaluate(F.Subtract(parse(engine, l1), parse(engine, r1)));
        IExpr d2 = engine.evaluate(F.Subtract(parse(engine, l2), parse(engine, r2)));
        if (d1.isZero() || d2.isZero()) {
            return new Outcome(d1.isZero() && d2.isZero(), "degenerate relation");
        }
        IExpr ratio = engine.evaluate(F.Together(F.Divide(d1, d2)));
        if (ratio.isNumber()) {
            return factorOutcome(engine, numeric(engine, ratio), positive, "symbolic");
        }
        List<IExpr> vars = variables(engine, F.List(d1, d2));
        Complex first = null;
        int valid = 0;
        for (int p = 0; p < SAMPLES.length; p++) {
            IAST rules = samplePoint(vars, p);
            Complex r = numeric(engine, F.ReplaceAll(ratio, rules));
            if (r == null || r.isNaN() || r.isInfinite()) {
                continue;
            }
            if (first == null) {
                first = r;
            } else if (r.subtract(first).norm() > ZERO_TOLERANCE * Math.max(1, first.norm())) {
                return new Outcome(false, "relations differ");
            }
            valid++;
        }
        return valid >= MIN_VALID_SAMPLES ? factorOutcome(engine, first, positive, "numeric")
                : new Outcome(false, "relations could not be compared");
    }

    private static Outcome factorOutcome(EvalEngine engine, Complex factor, boolean positive, String how) {
        if (factor == null || factor.norm() < ZERO_TOLERANCE || Math.abs(factor.getImaginary()) > ZERO_TOLERANCE) {
            return new Outcome(false, "relations differ");
        }
        if (positive && factor.getReal() < 0) {
            return new Outcome(false, "inequality reversed");
        }
        return new Outcome(true, how + ": one relation is a constant multiple of the other");
    }

    private static IAST samplePoint(List<IExpr> vars, int point) {
        List<IExpr> rules = new ArrayList<>();
        for (int i = 0; i < vars.size(); i++) {
            long[] q = SAMPLES[(point + 2 * i) % SAMPLES.length];
            // distinct variables get distinct values at every point
            rules.add(F.Rule(vars.get(i), F.QQ(q[0] + 17L * i, q[1])));
        }
        return F.List(rules.toArray(new IExpr[0]));
    }

    /**
     * Whether x and y agree to all but {@link #GUARD_DIGITS} of the working digits, relative (absolute below 1);
     * null when either is not numeric. The comparison runs in Symja at {@link #digitsFor} digits so that huge
     * values neither overflow nor compare equal, and so that {@code \\sqrt{10^{80}+7}} and
     * {@code \\sqrt{10^{80}+9}}, which agree to 80 digits, are still told apart.
     */
    private static Boolean closeTo(EvalEngine engine, IExpr x, IExpr y, int digits) {
        try {
            IExpr nx = engine.evaluate(F.N(x, F.ZZ(digits)));
            IExpr ny = engine.evaluate(F.N(y, F.ZZ(digits)));
            if (!nx.isNumber() || !ny.isNumber()) {
                return null;
            }
            // arithmetic on the two values already at working precision: no third evaluation of the expressions
            IExpr relative = engine.evaluate(F.Divide(F.Subtract(nx, ny), F.Max(F.C1, F.Abs(nx))));
            if (!relative.isNumber()) {
                return null;
            }
            return engine.evalTrue(F.Less(F.Abs(relative), F.Power(F.C10, F.ZZ(-(digits - GUARD_DIGITS)))));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Working digits: {@link #DIGITS} plus the digits of every integer in the expressions (at most 2000). */
    static int digitsFor(IExpr a, IExpr b) {
        long digits = DIGITS + integerDigits(a) + integerDigits(b);
        return (int) Math.min(MAX_DIGITS, digits);
    }

    private static long integerDigits(IExpr e) {
        if (e instanceof IInteger i) {
            return i.toBigNumerator().abs().toString().length();
        }
        if (e instanceof IFraction q) {
            return q.toBigNumerator().abs().toString().length() + q.toBigDenominator().toString().length();
        }
        long sum = 0;
        if (e instanceof IAST ast) {
            for (int i = 1; i < ast.size() && sum < MAX_DIGITS; i++) {
                sum += integerDigits(ast.get(i));
            }
        }
        return sum;
    }

    /** The value at {@link #DIGITS} digits as a double-precision complex number; null when not numeric. */
    private static Complex numeric(EvalEngine engine, IExpr expr) {
        try {
            IExpr n = engine.evaluate(F.N(expr, F.ZZ(DIGITS)));
            if (!n.isNumber()) {
                return null;
            }
            return engine.evalComplex(n);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The free variables: user symbols outside function heads (Symja's Variables() also lists Sin(x), Abs(x)). */
    private static List<IExpr> variables(EvalEngine engine, IExpr expr) {
        Set<ISymbol> found = new LinkedHashSet<>();
        collectSymbols(expr, found);
        return new ArrayList<>(found);
    }

    private static void collectSymbols(IExpr e, Set<ISymbol> out) {
        if (e instanceof ISymbol sym) {
            if (!sym.isBuiltInSymbol()) {
                out.add(sym);
            }
        } else if (e instanceof IAST ast) {
            for (int i = 1; i < ast.size(); i++) {
                collectSymbols(ast.get(i), out);
            }
        }
    }

    /**
     * Why TeXParser's reading is no reading, or null: a multi-letter symbol is a LaTeX command it did not know
     * ({@code \foo}, {@code \lfloor}); {@code Null}, {@code $Aborted} and lists come from broken input
     * ({@code 5+}, {@code \frac{5}, {@code \sqrt{}}).
     */
    private static String unreadable(IExpr e) {
        if (e instanceof ISymbol sym) {
            String name = sym.getSymbolName();
            if (name.equalsIgnoreCase("Null") || name.equalsIgnoreCase("$Aborted")
                    || !sym.isBuiltInSymbol() && name.length() > 1) {
                return "unknown symbol '" + name + "'";
            }
            return null;
        }
        if (e instanceof IAST ast) {
            if (ast.isList()) {
                return "a list where a value belongs";
            }
            for (int i = 0; i < ast.size(); i++) {
                String problem = unreadable(ast.get(i));
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }
}
