package dev.vibe.grading.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The hard time limit: a pathological check stops at the limit, and retired workers do not pile up. */
class SymjaTimeoutTest {

    /** sin and cos of 10^100000 need ~100,000-digit argument reduction: far past any sane limit. */
    private static final String SLOW_GOLD = "\\sin(10^{100000})";
    private static final String SLOW_PRED = "\\cos(10^{100000})";
    private static final Duration LIMIT = Duration.ofMillis(400);
    /** Time allowed on top of the limit for the waiting thread to wake and answer (a loaded 2-core machine). */
    private static final long SLACK_MILLIS = 2_000;

    @Test
    void pathologicalExpressionTimesOutWithinTheLimitAndLeavesNoThreadBehind() throws Exception {
        int timeouts = 8;
        try (MathGrader grader = MathGrader.builder().optTimeout(LIMIT).optWorkers(1).build()) {
            assertThat(grader.grade("1", "1").equal()).isTrue();
            int maxThreads = 0;
            for (int i = 0; i < timeouts; i++) {
                long start = System.nanoTime();
                MathVerdict v = grader.grade(SLOW_GOLD, SLOW_PRED);
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertThat(v.equal()).isFalse();
                assertThat(v.reason()).isEqualTo(MathVerdict.TIMEOUT);
                assertThat(millis).as("check %d ended after %d ms", i, millis)
                        .isLessThan(LIMIT.toMillis() + SLACK_MILLIS);
                maxThreads = Math.max(maxThreads, grader.liveWorkerThreads());
            }
            assertThat(grader.retiredWorkers()).isEqualTo(timeouts);
            // retired workers end once Symja notices the stop request; poll, bounded
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (grader.liveWorkerThreads() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            System.out.printf("max live Symja threads during %d timeouts: %d; after: %d%n", timeouts, maxThreads,
                    grader.liveWorkerThreads());
            assertThat(grader.liveWorkerThreads()).isEqualTo(1);
            // and the replacement worker grades as before
            assertThat(grader.grade("\\frac{1}{2}", "0.5").equal()).isTrue();
        }
    }

    @Test
    void symjaOwnLimitsStopHugeIntegersBeforeTheTimeout() {
        try (MathGrader grader = MathGrader.builder().optTimeout(Duration.ofSeconds(30)).optWorkers(1).build()) {
            MathVerdict v = grader.grade("2^{2^{2^{2^{2}}}}", "3^{3^{3^{3}}}");
            assertThat(v.equal()).isFalse();
            assertThat(v.reason()).startsWith("symbolic engine gave up");
            assertThat(grader.retiredWorkers()).isZero();
        }
    }

    @Test
    void closingTheGraderEndsItsWorkers() throws Exception {
        MathGrader grader = MathGrader.builder().optWorkers(2).build();
        assertThat(grader.grade("2", "\\sqrt{4}").equal()).isTrue();
        assertThat(grader.liveWorkerThreads()).isEqualTo(2);
        grader.close();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (grader.liveWorkerThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(grader.liveWorkerThreads()).isZero();
    }
}
