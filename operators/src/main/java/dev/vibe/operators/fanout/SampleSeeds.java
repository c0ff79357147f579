package dev.vibe.operators.fanout;

import java.nio.charset.StandardCharsets;

/**
 * The sampling seed of one (problem, sample) pair: a pure function of the problem id, the sample index and the run's
 * seed, so a sample redone after a crash or on resume draws exactly the same tokens, and the N samples of one problem
 * draw different ones.
 *
 * <p>SplitMix64 (Steele, Lea and Flood's finalizer, the one {@link java.util.SplittableRandom} uses) is written out
 * here because the JDK does not expose its mixing step, and seeds must not change with the JDK.
 */
public final class SampleSeeds {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private SampleSeeds() {
    }

    /** The seed of sample {@code sampleIndex} of problem {@code problemId} in a run seeded with {@code runSeed}. */
    public static long seed(String problemId, int sampleIndex, long runSeed) {
        long h = mix(runSeed + GOLDEN_GAMMA);
        h = mix(h ^ hash(problemId));
        return mix(h + GOLDEN_GAMMA * (sampleIndex + 1L));
    }

    /** FNV-1a 64 over the id's UTF-8 bytes: stable across JVMs, unlike {@link String#hashCode()} mixing. */
    static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** SplitMix64's finalizer. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
