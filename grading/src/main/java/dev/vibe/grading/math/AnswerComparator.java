package dev.vibe.grading.math;

import dev.vibe.grading.math.Answer.Bracketed;
import dev.vibe.grading.math.Answer.Matrix;
import dev.vibe.grading.math.Answer.Relation;
import dev.vibe.grading.math.Answer.Scalar;
import dev.vibe.grading.math.Answer.SetOf;
import dev.vibe.grading.math.Answer.Text;
import dev.vibe.grading.math.Answer.Union;
import dev.vibe.grading.math.SymbolicChecks.Outcome;
import dev.vibe.grading.math.SymbolicChecks.Unparseable;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Compares two parsed answers by kind: numbers exactly, decimals by the rounding rule, expressions through
 * Symja, intervals with their ends, sets unordered, tuples ordered, equations up to a constant factor,
 * matrices cell by cell. A comparison across kinds is unequal, except the readings a grader must allow:
 * {@code x = 3} against {@code 3}, an inequality against the interval it describes, a bare list against a
 * tuple (in order) or a set (unordered), a one-row or one-column matrix against a tuple.
 */
final class AnswerComparator {

    /** A decimal closer than this, relative, to an exact value equals it whatever its digits. */
    static final double DECIMAL_RELATIVE_TOLERANCE = 1e-9;
    /** A decimal must show this many significant digits before it may match a value it rounds from. */
    static final int ROUNDING_MIN_SIGNIFICANT = 3;

    /** A symbolic check ran past the time limit. */
    static final class CheckTimeout extends RuntimeException {
        CheckTimeout() {
            super("timeout", null, false, false);
        }
    }

    private static final Pattern SIMPLE_VARIABLE = Pattern.compile(
            "[a-zA-Z](?:_\\{?[a-zA-Z0-9]+}?)?(?:\\([a-zA-Z]\\))?|\\\\(?:alpha|beta|gamma|delta|theta|lambda|mu|phi|omega)");
    private static final Pattern COMMAND = Pattern.compile("\\\\[a-zA-Z]+");
    /** {@code (a, b) = (3, 4)}: a tuple of unknowns named on the left, the answer on the right. */
    private static final Pattern VARIABLE_TUPLE = Pattern.compile(
            "\\(\\s*[a-zA-Z](?:_\\{?[a-zA-Z0-9]+}?)?(?:\\s*,\\s*[a-zA-Z](?:_\\{?[a-zA-Z0-9]+}?)?)+\\s*\\)");

    private final SymjaWorkers workers;

    AnswerComparator(SymjaWorkers workers) {
        this.workers = workers;
    }

    Outcome compare(Answer gold, Answer pred) {
        if (gold instanceof Relation g) {
            if (pred instanceof Relation p) {
                return relations(g, p);
            }
            Answer value = valueOf(g);
            if (value != null) {
                return compare(value, pred);
            }
            Answer interval = asInterval(g);
            if (interval != null && (pred instanceof Bracketed || pred instanceof Union)) {
                return compare(interval, pred);
            }
            return kindsDiffer(gold, pred);
        }
        if (pred instanceof Relation p) {
            Answer value = valueOf(p);
            if (value != null) {
                return compare(gold, value);
            }
            Answer interval = asInterval(p);
            if (interval != null && (gold instanceof Bracketed || gold instanceof Union)) {
                return compare(gold, interval);
            }
            return kindsDiffer(gold, pred);
        }
        if (gold instanceof Text || pred instanceof Text) {
            return text(gold, pred);
        }
        if (gold instanceof Scalar g && pred instanceof Scalar p) {
            return scalars(g, p);
        }
        // a one-element set and its element: "{5}" answers "5" (and the reverse)
        if (gold instanceof SetOf g && g.items().size() == 1 && pred instanceof Scalar) {
            return compare(g.items().get(0), pred);
        }
        if (pred instanceof SetOf p && p.items().size() == 1 && gold instanceof Scalar) {
            return compare(gold, p.items().get(0));
        }
        if (gold instanceof SetOf g && pred instanceof SetOf p) {
            return unordered(g.items(), p.items(), "sets");
        }
        if (gold instanceof Bracketed g && pred instanceof Bracketed p) {
            return bracketed(g, p);
        }
        if (gold instanceof Union g && pred instanceof Union p) {
            return unordered(new ArrayList<>(g.parts()), new ArrayList<>(p.parts()), "interval unions");
        }
        if (gold instanceof Matrix g && pred instanceof Matrix p) {
            return matrices(g, p);
        }
        // a bare list answers a tuple in order ("1, 2" for "(1,2)"), never an interval
        if (gold instanceof Bracketed g && isTuple(g) && pred instanceof SetOf p && p.bare()) {
            return ordered(g.items(), p.items(), "tuple");
        }
        if (pred instanceof Bracketed p && isTuple(p) && gold instanceof SetOf g && g.bare()) {
            return ordered(g.items(), p.items(), "tuple");
        }
        if (gold instanceof Matrix g && pred instanceof Bracketed p && isTuple(p) && vector(g) != null) {
            return ordered(vector(g), p.items(), "vector");
        }
        if (pred instanceof Matrix p && gold instanceof Bracketed g && isTuple(g) && vector(p) != null) {
            return ordered(g.items(), vector(p), "vector");
        }
        return kindsDiffer(gold, pred);
    }

    private static Outcome kindsDiffer(Answer gold, Answer pred) {
        return new Outcome(false, "different kinds: " + gold.kind() + " vs " + pred.kind());
    }

    private Outcome scalars(Scalar g, Scalar p) {
        if (g.infinity() != 0 || p.infinity() != 0) {
            return g.infinity() == p.infinity() ? new Outcome(true, "infinities equal")
                    : new Outcome(false, "infinity differs");
        }
        ExactNumber a = g.exact();
        ExactNumber b = p.exact();
        if (a != null && b != null) {
            if (a.sameValue(b)) {
                return new Outcome(true, a.denominator().equals(java.math.BigInteger.ONE) && !a.isDecimal() && !b.isDecimal()
                        ? "integers equal" : "numbers equal");
            }
            // "28\%" and "0.28" are the same number; "28" and "0.28" are not (no leniency without a % sign)
            if (g.percent() && !p.percent() && a.dividedBy(100).sameValue(b)
                    || p.percent() && !g.percent() && b.dividedBy(100).sameValue(a)) {
                return new Outcome(true, "percent: x% equals x/100");
            }
            if (a.isDecimal() != b.isDecimal()) {
                ExactNumber decimal = a.isDecimal() ? a : b;
                ExactNumber exact = a.isDecimal() ? b : a;
                return decimalOutcome(decimal, exact.toBigDecimal(MathContext.DECIMAL128)
                        .subtract(decimal.toBigDecimal(MathContext.DECIMAL128)).abs().doubleValue());
            }
            return new Outcome(false, "numbers differ");
        }
        if (a != null && a.isDecimal() && b == null) {
            return decimalAgainst(a, p.latex());
        }
        if (b != null && b.isDecimal() && a == null) {
            return decimalAgainst(b, g.latex());
        }
        return symbolic(engine -> SymbolicChecks.equal(engine, g.latex(), p.latex()));
    }

    /**
     * A decimal against an exact value: equal within {@value #DECIMAL_RELATIVE_TOLERANCE} relative, or when
     * the value rounds to the decimal at its written places and the decimal shows at least
     * {@value #ROUNDING_MIN_SIGNIFICANT} significant digits ({@code 0.333} = 1/3, {@code 0.3} ≠ 1/3).
     */
    private Outcome decimalAgainst(ExactNumber decimal, String expression) {
        return symbolic(engine -> {
            Double distance = SymbolicChecks.distanceTo(engine, expression, decimal);
            if (distance == null) {
                return new Outcome(false, "decimal vs non-numeric expression");
            }
            return decimalOutcome(decimal, distance);
        });
    }

    private static Outcome decimalOutcome(ExactNumber decimal, double distance) {
        double size = Math.abs(decimal.toBigDecimal(MathContext.DECIMAL64).doubleValue());
        if (distance <= DECIMAL_RELATIVE_TOLERANCE * Math.max(size, Double.MIN_NORMAL)) {
            return new Outcome(true, "decimal equal within 1e-9 relative");
        }
        if (decimal.significant() >= ROUNDING_MIN_SIGNIFICANT
                && distance <= 0.5 * Math.pow(10, -decimal.decimals()) * (1 + 1e-12)) {
            return new Outcome(true, "decimal matches to its " + decimal.decimals() + " places");
        }
        return new Outcome(false, "decimal differs");
    }

    private Outcome bracketed(Bracketed g, Bracketed p) {
        if (g.items().size() != p.items().size()) {
            return new Outcome(false, g.kind() + " sizes differ");
        }
        if (g.open() != p.open() || g.close() != p.close()) {
            return new Outcome(false, g.items().size() == 2 ? "interval ends differ" : "brackets differ");
        }
        return ordered(g.items(), p.items(), g.kind());
    }

    private Outcome ordered(List<Answer> gold, List<Answer> pred, String what) {
        if (gold.size() != pred.size()) {
            return new Outcome(false, what + " sizes differ");
        }
        for (int i = 0; i < gold.size(); i++) {
            Outcome o = compare(gold.get(i), pred.get(i));
            if (!o.equal()) {
                return new Outcome(false, what + " item " + (i + 1) + " differs: " + o.reason());
            }
        }
        return new Outcome(true, what + " items equal in order");
    }

    /** Each gold item matched to a distinct equal pred item (sizes equal): order does not matter. */
    private <T extends Answer> Outcome unordered(List<T> gold, List<T> pred, String what) {
        if (gold.size() != pred.size()) {
            return new Outcome(false, what + ": sizes differ (" + gold.size() + " vs " + pred.size() + ")");
        }
        boolean[] used = new boolean[pred.size()];
        for (T g : gold) {
            boolean found = false;
            for (int j = 0; j < pred.size() && !found; j++) {
                if (!used[j] && (g.equals(pred.get(j)) || compare(g, pred.get(j)).equal())) {
                    used[j] = true;
                    found = true;
                }
            }
            if (!found) {
                return new Outcome(false, what + ": elements differ");
            }
        }
        return new Outcome(true, what + " equal (unordered)");
    }

    private Outcome matrices(Matrix g, Matrix p) {
        if (g.rows().size() != p.rows().size()) {
            return new Outcome(false, "matrix shapes differ");
        }
        for (int r = 0; r < g.rows().size(); r++) {
            Outcome o = ordered(g.rows().get(r), p.rows().get(r), "matrix row " + (r + 1));
            if (!o.equal()) {
                return o;
            }
        }
        return new Outcome(true, "matrices equal");
    }

    private static List<Answer> vector(Matrix m) {
        if (m.rows().size() == 1) {
            return m.rows().get(0);
        }
        List<Answer> column = new ArrayList<>();
        for (List<Answer> row : m.rows()) {
            if (row.size() != 1) {
                return null;
            }
            column.add(row.get(0));
        }
        return column;
    }

    private static boolean isTuple(Bracketed b) {
        return b.open() == '(' && b.close() == ')';
    }

    private Outcome relations(Relation g, Relation p) {
        Answer gi = asInterval(g);
        Answer pi = asInterval(p);
        if (gi != null && pi != null) {
            return compare(gi, pi);
        }
        if (g.ops().size() != 1 || p.ops().size() != 1) {
            Answer gv = valueOf(g);
            Answer pv = valueOf(p);
            return gv != null && pv != null ? compare(gv, pv) : new Outcome(false, "relations differ");
        }
        String go = g.ops().get(0);
        String po = p.ops().get(0);
        if (go.equals("=") && po.equals("=")) {
            Answer gv = valueOf(g);
            Answer pv = valueOf(p);
            if (gv != null && pv != null && variable(g).equals(variable(p))) {
                return compare(gv, pv);
            }
            return symbolic(engine -> SymbolicChecks.proportional(engine, g.sides().get(0), g.sides().get(1),
                    p.sides().get(0), p.sides().get(1), false));
        }
        if (go.equals("!=") && po.equals("!=")) {
            return symbolic(engine -> SymbolicChecks.proportional(engine, g.sides().get(0), g.sides().get(1),
                    p.sides().get(0), p.sides().get(1), false));
        }
        String[] gn = lessThan(g);
        String[] pn = lessThan(p);
        if (gn == null || pn == null) {
            return new Outcome(false, "relations differ");
        }
        if (!gn[2].equals(pn[2])) {
            return new Outcome(false, "inequality strictness differs");
        }
        // small < big  ⇔  big − small > 0: the same inequality when the differences have a positive ratio
        return symbolic(engine -> SymbolicChecks.proportional(engine, gn[1], gn[0], pn[1], pn[0], true));
    }

    /** An inequality as {small, big, "<" or "<="}; null for anything else. */
    private static String[] lessThan(Relation r) {
        String op = r.ops().get(0);
        String l = r.sides().get(0);
        String rr = r.sides().get(1);
        return switch (op) {
            case "<", "<=" -> new String[] {l, rr, op};
            case ">" -> new String[] {rr, l, "<"};
            case ">=" -> new String[] {rr, l, "<="};
            default -> null;
        };
    }

    /** {@code x = 3} → 3 (also {@code 3 = x} and {@code x = 1+2 = 3} → 3); null when no side is a lone variable. */
    private static Answer valueOf(Relation r) {
        if (!r.ops().stream().allMatch("="::equals)) {
            return null;
        }
        List<String> sides = r.sides();
        if (SIMPLE_VARIABLE.matcher(sides.get(0)).matches() || VARIABLE_TUPLE.matcher(sides.get(0)).matches()) {
            return AnswerParser.parse(sides.get(sides.size() - 1), false, 1);
        }
        if (sides.size() == 2 && SIMPLE_VARIABLE.matcher(sides.get(1)).matches()) {
            return AnswerParser.parse(sides.get(0), false, 1);
        }
        return null;
    }

    private static String variable(Relation r) {
        return SIMPLE_VARIABLE.matcher(r.sides().get(0)).matches() ? r.sides().get(0) : r.sides().get(1);
    }

    /** {@code x < 3} → (-∞, 3), {@code 1 \le x < 2} → [1, 2): the interval an inequality in one variable means. */
    private static Answer asInterval(Relation r) {
        List<String> s = r.sides();
        List<String> ops = r.ops();
        if (ops.stream().anyMatch(o -> o.equals("=") || o.equals("!="))) {
            return null;
        }
        if (ops.size() == 1) {
            boolean varLeft = SIMPLE_VARIABLE.matcher(s.get(0)).matches() && isConstant(s.get(1));
            boolean varRight = SIMPLE_VARIABLE.matcher(s.get(1)).matches() && isConstant(s.get(0));
            if (!varLeft && !varRight) {
                return null;
            }
            String c = varLeft ? s.get(1) : s.get(0);
            String op = varLeft ? ops.get(0) : flip(ops.get(0));
            return switch (op) {
                case "<" -> interval('(', "-\\infty", c, ')');
                case "<=" -> interval('(', "-\\infty", c, ']');
                case ">" -> interval('(', c, "\\infty", ')');
                default -> interval('[', c, "\\infty", ')');
            };
        }
        if (ops.size() == 2 && SIMPLE_VARIABLE.matcher(s.get(1)).matches() && isConstant(s.get(0))
                && isConstant(s.get(2))) {
            String o1 = ops.get(0);
            String o2 = ops.get(1);
            if (o1.startsWith("<") && o2.startsWith("<")) {
                return interval(o1.equals("<") ? '(' : '[', s.get(0), s.get(2), o2.equals("<") ? ')' : ']');
            }
            if (o1.startsWith(">") && o2.startsWith(">")) {
                return interval(o2.equals(">") ? '(' : '[', s.get(2), s.get(0), o1.equals(">") ? ')' : ']');
            }
        }
        return null;
    }

    private static String flip(String op) {
        return switch (op) {
            case "<" -> ">";
            case "<=" -> ">=";
            case ">" -> "<";
            default -> "<=";
        };
    }

    private static Bracketed interval(char open, String lo, String hi, char close) {
        return new Bracketed(open, close, List.of(AnswerParser.scalar(lo, false), AnswerParser.scalar(hi, false)));
    }

    private static boolean isConstant(String latex) {
        String rest = COMMAND.matcher(latex).replaceAll(" ");
        return !rest.matches(".*[a-df-zA-Z].*");
    }

    private static Outcome text(Answer gold, Answer pred) {
        String g = canonicalText(gold);
        String p = canonicalText(pred);
        return g.equals(p) ? new Outcome(true, "text equal") : new Outcome(false, "text differs");
    }

    private static String canonicalText(Answer a) {
        String s = a instanceof Text t ? t.text() : a instanceof Scalar sc ? sc.latex() : a.toString();
        return s.toLowerCase(Locale.ROOT).replaceAll("\\\\[,;! ]|[{}\\s]", "").replaceFirst("^the", "")
                .replaceAll("[.!]+$", "");
    }

    private Outcome symbolic(SymjaWorkers.Check<Outcome> check) {
        try {
            return workers.call(check);
        } catch (TimeoutException e) {
            throw new CheckTimeout();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Unparseable u) {
                return new Outcome(false, "unparseable: " + u.getMessage());
            }
            return new Outcome(false, "symbolic engine gave up: " + cause.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CheckTimeout();
        }
    }
}
