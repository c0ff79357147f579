package dev.vibe.grading.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PassAtKTest {

    /** 1 - C(n-c,k)/C(n,k) from exact binomials, for checking the product form. */
    private static double byBinomials(int n, int c, int k) {
        java.math.BigInteger num = binomial(n - c, k);
        java.math.BigInteger den = binomial(n, k);
        return 1 - new java.math.BigDecimal(num).divide(new java.math.BigDecimal(den), java.math.MathContext.DECIMAL64)
                .doubleValue();
    }

    private static java.math.BigInteger binomial(int n, int k) {
        if (k > n) {
            return java.math.BigInteger.ZERO;
        }
        java.math.BigInteger r = java.math.BigInteger.ONE;
        for (int i = 0; i < k; i++) {
            r = r.multiply(java.math.BigInteger.valueOf(n - i)).divide(java.math.BigInteger.valueOf(i + 1));
        }
        return r;
    }

    @Test
    void matchesTheBinomialDefinition() {
        for (int n : new int[] {1, 4, 16, 64}) {
            for (int c = 0; c <= n; c += Math.max(1, n / 8)) {
                for (int k = 1; k <= n; k *= 2) {
                    assertThat(PassAtK.estimate(n, c, k)).as("n=%d c=%d k=%d", n, c, k)
                            .isCloseTo(byBinomials(n, c, k), within(1e-12));
                }
            }
        }
    }

    @Test
    void passAtOneIsTheFractionCorrect() {
        assertThat(PassAtK.estimate(64, 16, 1)).isCloseTo(0.25, within(1e-12));
        assertThat(PassAtK.estimate(8, 0, 8)).isZero();
        assertThat(PassAtK.estimate(8, 1, 8)).isEqualTo(1.0);
    }

    @Test
    void rejectsKLargerThanTheSamples() {
        assertThatThrownBy(() -> PassAtK.estimate(4, 1, 5)).hasMessageContaining("k <= n");
    }

    @Test
    void majorityVoteTakesTheMostFrequentAnswerAndBreaksTiesBySampleOrder() {
        ProblemScore p = ProblemScore.of("p1", List.of(
                new ProblemScore.Sample(2, "7", false),
                new ProblemScore.Sample(0, "5", true),
                new ProblemScore.Sample(1, "7", false),
                new ProblemScore.Sample(3, null, false),
                new ProblemScore.Sample(4, "5", true)));
        assertThat(p.majorityAnswer()).isEqualTo("5"); // 5 and 7 tie at two votes; 5 came first (sample 0)
        assertThat(p.majorityCorrect()).isTrue();
        assertThat(p.meanAccuracy()).isCloseTo(0.4, within(1e-12));

        ProblemScore wrong = ProblemScore.of("p2", List.of(
                new ProblemScore.Sample(0, "3", true),
                new ProblemScore.Sample(1, "4", false),
                new ProblemScore.Sample(2, "4", false)));
        assertThat(wrong.majorityAnswer()).isEqualTo("4");
        assertThat(wrong.majorityCorrect()).isFalse();

        RunScore run = new RunScore(List.of(p, wrong));
        assertThat(run.majority()).isCloseTo(0.5, within(1e-12));
        assertThat(run.meanAccuracy()).isCloseTo((0.4 + 1.0 / 3) / 2, within(1e-12));
        assertThat(run.reportedK()).containsExactly(1, 2, 3);
    }
}
