package dev.vibe.grading.math;

import dev.vibe.grading.math.AnswerExtractor.Extraction;
import dev.vibe.grading.math.LatexNormalizer.Normalized;
import dev.vibe.grading.math.SymbolicChecks.Outcome;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a predicted math answer is the reference answer.
 *
 * <pre>{@code
 * try (MathGrader grader = MathGrader.builder().optTimeout(Duration.ofSeconds(5)).build()) {
 *     MathVerdict v = grader.grade("\\frac{1}{2}", "<think>…</think> so the answer is $\\boxed{0.5}$.");
 *     v.equal();   // true
 *     v.reason();  // "numbers equal"
 * }
 * }</pre>
 *
 * <p>Gold and prediction may each be a bare answer ({@code 1/2}), LaTeX with its delimiters ({@code $\frac12$}),
 * a worked solution with its {@code \boxed{}} (MATH dataset) or a model response ({@code <think>…</think>…}):
 * see {@link AnswerExtractor}. A truncated response ({@code finish_reason=length}) is never graded correct.
 *
 * <p>Rules (the README's "How to grade answers" says the same):
 * <ul>
 *   <li>integers and fractions compare exactly ({@code 1/2004!} ≠ {@code 1/2006!}); a decimal equals an exact
 *       value within {@value AnswerComparator#DECIMAL_RELATIVE_TOLERANCE} relative, or when the value rounds to
 *       it at its written places and it shows at least {@value AnswerComparator#ROUNDING_MIN_SIGNIFICANT}
 *       significant digits ({@code 0.333} = 1/3, {@code 0.33} ≠ 1/3); two decimals compare exactly;</li>
 *   <li>a percent sign is dropped ({@code 28\%} = {@code 28}) and {@code x\%} also equals {@code x/100}; without
 *       a percent sign there is no such leniency ({@code 0.28} ≠ {@code 28}, {@code 10001} ≠ {@code 10000});</li>
 *   <li>radicals, π, e, logs and trig go through Symja: equal when the difference evaluates to 0, or is below
 *       1e-25 relative at 40 digits, or (with variables) vanishes at several sample points;</li>
 *   <li>intervals compare their ends and brackets ({@code [1,2]} ≠ {@code [1,2)}); sets are unordered; tuples
 *       are ordered; a <b>bare list</b> {@code 1, 2, 3} is read as the unordered set of answers (MATH's "list
 *       all solutions"), except against a tuple, where it is compared in order;</li>
 *   <li>{@code x = 3} equals {@code 3}; two equations are equal when one is a nonzero constant multiple of the
 *       other ({@code 2x+2y=2} = {@code x+y=1}); inequalities likewise with a positive factor, or as intervals;</li>
 *   <li>matrices cell by cell; multiple-choice letters ({@code (B)}, {@code B}, {@code \text{B}}); words case-
 *       and space-insensitively; units after a number are ignored.</li>
 * </ul>
 * An answer that cannot be read is unequal to everything: a failed parse never falls back to some number found
 * in the string. Each symbolic check has a hard time limit, enforced on worker threads the grader owns
 * ({@link SymjaWorkers}); past it the verdict is unequal with reason {@value MathVerdict#TIMEOUT}.
 *
 * <p>Thread-safe: one grader serves any number of threads. Close it to stop its workers.
 */
public final class MathGrader implements AutoCloseable {

    /** Default hard time limit of one symbolic check. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Default number of Symja worker threads: one per processor. */
    public static final int DEFAULT_WORKERS = Math.max(1, Runtime.getRuntime().availableProcessors());

    /** A reference that is a choice: {@code B}, {@code (B)}, or {@code (B) 12} (the letter with its option's text). */
    /** An extracted answer longer than this (characters) is not compared: no final answer is that long. */
    public static final int MAX_ANSWER_CHARS = 10_000;

    private static final Pattern CHOICE = Pattern.compile("\\(?([A-J])\\)?|\\(([A-J])\\)\\s.*", Pattern.DOTALL);
    private static final Pattern CHOICE_ANSWERED = Pattern.compile("\\(?([A-Ja-j])\\)?(?:[\\s.:)].*)?", Pattern.DOTALL);

    private final Duration timeout;
    private final SymjaWorkers workers;
    private final AnswerComparator comparator;

    private MathGrader(Builder b) {
        this.timeout = b.timeout;
        this.workers = new SymjaWorkers(b.workers, b.timeout);
        this.comparator = new AnswerComparator(workers);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Grades {@code pred} against {@code gold}; the prediction is taken as complete. */
    public MathVerdict grade(String gold, String pred) {
        return grade(gold, pred, false);
    }

    /**
     * Grades {@code pred} against {@code gold}; a {@code finishReason} of {@code length} (the token limit cut the
     * response) makes the verdict unequal with reason {@value MathVerdict#TRUNCATED}. Null means complete.
     */
    public MathVerdict grade(String gold, String pred, String finishReason) {
        return grade(gold, pred, finishReason != null && finishReason.strip().equalsIgnoreCase("length"));
    }

    /** Grades {@code pred} against {@code gold}; {@code truncated} predictions are never correct. */
    public MathVerdict grade(String gold, String pred, boolean truncated) {
        try {
            return gradeChecked(gold, pred, truncated);
        } catch (RuntimeException | StackOverflowError e) { // one odd answer must not fail the caller's whole run
            return new MathVerdict(false, "ungradable: " + e.getClass().getSimpleName(), null, null, null, null);
        }
    }

    private MathVerdict gradeChecked(String gold, String pred, boolean truncated) {
        Extraction g = AnswerExtractor.extract(gold);
        Extraction p = AnswerExtractor.extract(pred);
        Normalized gn = g.found() ? LatexNormalizer.normalize(g.text()) : null;
        Normalized pn = p.found() ? LatexNormalizer.normalize(p.text()) : null;
        String goldNorm = gn == null ? null : gn.text();
        String predNorm = pn == null ? null : pn.text();
        if (gn == null) {
            return new MathVerdict(false, MathVerdict.NO_REFERENCE, g.text(), p.text(), null, predNorm);
        }
        if (truncated) {
            return new MathVerdict(false, MathVerdict.TRUNCATED, g.text(), p.text(), goldNorm, predNorm);
        }
        if (pn == null || predNorm.isEmpty()) {
            return new MathVerdict(false, MathVerdict.NO_ANSWER, g.text(), p.text(), goldNorm, predNorm);
        }
        if (goldNorm.length() > MAX_ANSWER_CHARS || predNorm.length() > MAX_ANSWER_CHARS) {
            return new MathVerdict(false, "answer too long", g.text(), p.text(), goldNorm, predNorm);
        }
        Outcome outcome;
        try {
            outcome = compare(gn, pn);
        } catch (AnswerComparator.CheckTimeout e) {
            outcome = new Outcome(false, MathVerdict.TIMEOUT);
        }
        return new MathVerdict(outcome.equal(), outcome.reason(), g.text(), p.text(), goldNorm, predNorm);
    }

    private Outcome compare(Normalized gold, Normalized pred) {
        if (gold.text().equals(pred.text()) && gold.percent() == pred.percent()) {
            return new Outcome(true, "identical after normalisation");
        }
        Matcher choice = CHOICE.matcher(gold.text());
        if (choice.matches()) {
            Matcher answered = CHOICE_ANSWERED.matcher(pred.text());
            if (answered.matches()) {
                String letter = choice.group(1) != null ? choice.group(1) : choice.group(2);
                boolean same = answered.group(1).toUpperCase(Locale.ROOT).equals(letter);
                return new Outcome(same, same ? "same choice" : "different choice");
            }
        }
        return comparator.compare(AnswerParser.parse(gold), AnswerParser.parse(pred));
    }

    /** The hard limit of one symbolic check. */
    public Duration timeout() {
        return timeout;
    }

    /** Threads of this grader's Symja pool still alive (retired ones included); for tests and monitoring. */
    public int liveWorkerThreads() {
        return workers.liveThreads();
    }

    /** Symja workers replaced after a timeout since the grader started. */
    public int retiredWorkers() {
        return workers.retiredCount();
    }

    @Override
    public void close() {
        workers.close();
    }

    /** Settings of a {@link MathGrader}; every one is optional. */
    public static final class Builder {
        private Duration timeout = DEFAULT_TIMEOUT;
        private int workers = DEFAULT_WORKERS;

        private Builder() {
        }

        /** Hard time limit of one symbolic check (default {@link #DEFAULT_TIMEOUT}); positive. */
        public Builder optTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** Symja worker threads (default {@link #DEFAULT_WORKERS}): at most this many checks run at once. */
        public Builder optWorkers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be at least 1, got " + workers);
            }
            this.workers = workers;
            return this;
        }

        public MathGrader build() {
            return new MathGrader(this);
        }
    }
}
