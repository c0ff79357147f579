package dev.vibe.engine.generate;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Picks a token from one row of probabilities (already softmaxed at the request's temperature) with Hugging Face's
 * top-k then top-p rules, as a function of the request's seed and the step alone.
 *
 * <p>The draw is an exponential race: token i gets {@code E_i = -ln(u_i)} with {@code u_i} a counter-based hash
 * of (seed, step, i), and the kept token with the smallest {@code E_i / p_i} wins, which samples exactly from the
 * kept probabilities. Unlike walking a cumulative sum with one uniform, the winner does not move when the
 * probabilities shift in their last bits, as they do when the same row is computed inside a different batch
 * (matrix kernels sum in another order): so the same seed gives the same tokens whatever shares the batch.
 *
 * <p>The engine copies out only the row's {@link #CANDIDATES} most likely tokens (a full-vocabulary sort costs
 * ~120 ms a row on the engine). That is exact whenever the kept set lies inside them: top_k ≤ 64, or top_k = 0 with
 * the 64 already holding top_p of the mass. Otherwise (a flat distribution, top_p = 1, or top_k &gt; 64) the full
 * row is copied and the same rules run on all of it, so sampling is never approximated.
 */
final class Sampler {

    /** Tokens per row the engine hands back sorted (its {@code topK}). */
    static final int CANDIDATES = 64;

    private Sampler() {
    }

    /**
     * @param topProbs the row's largest probabilities, descending
     * @param topIds their token ids
     * @param topK 0 = off
     * @param topP 1 = off
     * @param seed the request's seed
     * @param step which token of the completion this is
     * @param fullRow the whole row of probabilities, fetched only when the candidates cannot decide
     */
    static int choose(float[] topProbs, int[] topIds, int topK, double topP, long seed, int step,
            Supplier<float[]> fullRow) {
        int n = topProbs.length;
        if (topK > 0 && topK <= n) {
            return race(topProbs, topIds, kept(topProbs, topK, topP), seed, step);
        }
        if (topK == 0 && topP < 1) {
            double mass = 0;
            for (float p : topProbs) {
                mass += p;
            }
            if (mass >= topP) {
                return race(topProbs, topIds, kept(topProbs, n, topP), seed, step);
            }
        }
        float[] row = fullRow.get();
        int k = topK == 0 ? row.length : Math.min(topK, row.length);
        if (k == row.length && topP >= 1) {
            return race(row, null, row.length, seed, step);
        }
        // Sort (probability, id) pairs descending by packing both into one long: the bits of a non-negative float
        // order like the float, and a primitive sort avoids boxing 150k entries.
        long[] packed = new long[row.length];
        for (int i = 0; i < row.length; i++) {
            packed[i] = ((long) Float.floatToIntBits(Math.max(row[i], 0f)) << 32) | (0xffffffffL & ~i);
        }
        Arrays.sort(packed);
        float[] probs = new float[k];
        int[] ids = new int[k];
        for (int j = 0; j < k; j++) {
            long e = packed[packed.length - 1 - j];
            probs[j] = Float.intBitsToFloat((int) (e >>> 32));
            ids[j] = ~(int) e;
        }
        return race(probs, ids, kept(probs, k, topP), seed, step);
    }

    /**
     * How many of the first {@code k} candidates (descending) survive top-p after top-k's renormalisation: each
     * token whose preceding mass is below {@code topP} (Hugging Face's rule, so at least one).
     */
    static int kept(float[] probs, int k, double topP) {
        double total = 0;
        for (int j = 0; j < k; j++) {
            total += probs[j];
        }
        int kept = 0;
        double mass = 0;
        while (kept < k && (kept == 0 || mass / total < topP)) {
            mass += probs[kept];
            kept++;
        }
        return kept;
    }

    /** The winner of the exponential race among the first {@code count} entries ({@code ids} null: index = id). */
    private static int race(float[] probs, int[] ids, int count, long seed, int step) {
        int best = ids == null ? 0 : ids[0];
        double bestTime = Double.POSITIVE_INFINITY;
        for (int j = 0; j < count; j++) {
            if (probs[j] <= 0) {
                continue;
            }
            int id = ids == null ? j : ids[j];
            double time = -Math.log(uniform(seed, step, id)) / probs[j];
            if (time < bestTime) {
                bestTime = time;
                best = id;
            }
        }
        return best;
    }

    /** A uniform in (0, 1) from (seed, step, token): SplitMix64's finaliser, over the seed then the counter. */
    static double uniform(long seed, int step, int token) {
        long z = mix(mix(seed + 0x9E3779B97F4A7C15L) ^ (((long) step << 32) | (token & 0xffffffffL)));
        return ((z >>> 11) + 0.5) * 0x1.0p-53;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
