package dev.vibe.grading.stats;

/**
 * The unbiased pass@k estimator of Chen et al. (2021): the chance that at least one of k samples drawn without
 * replacement from n graded samples, c of them correct, is correct: {@code 1 - C(n-c, k) / C(n, k)}.
 */
public final class PassAtK {

    private PassAtK() {
    }

    /**
     * @param n samples graded
     * @param c samples correct
     * @param k samples drawn, 1 ≤ k ≤ n
     */
    public static double estimate(int n, int c, int k) {
        if (n < 1 || k < 1 || k > n) {
            throw new IllegalArgumentException("need 1 <= k <= n, got n=" + n + " k=" + k);
        }
        if (c < 0 || c > n) {
            throw new IllegalArgumentException("need 0 <= c <= n, got n=" + n + " c=" + c);
        }
        if (n - c < k) {
            return 1.0;
        }
        // The product form avoids the huge binomials: C(n-c,k)/C(n,k) = prod_{i=n-c+1}^{n} (1 - k/i).
        double allWrong = 1.0;
        for (int i = n - c + 1; i <= n; i++) {
            allWrong *= 1.0 - (double) k / i;
        }
        return 1.0 - allWrong;
    }
}
