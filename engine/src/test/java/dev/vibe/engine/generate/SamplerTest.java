package dev.vibe.engine.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SamplerTest {

    private static final float[] PROBS = {0.5f, 0.2f, 0.15f, 0.1f, 0.05f};
    private static final int[] IDS = {40, 10, 30, 20, 50};

    @Test
    void topPKeepsTokensWhosePrecedingMassIsBelowP() {
        assertThat(Sampler.kept(PROBS, 5, 1.0)).isEqualTo(5);
        assertThat(Sampler.kept(PROBS, 5, 0.49)).isEqualTo(1);
        assertThat(Sampler.kept(PROBS, 5, 0.51)).isEqualTo(2);  // the token that crosses p is kept
        assertThat(Sampler.kept(PROBS, 5, 0.8)).isEqualTo(3);
        assertThat(Sampler.kept(PROBS, 5, 0.86)).isEqualTo(4);
        assertThat(Sampler.kept(PROBS, 5, 0.01)).isEqualTo(1);  // always at least one
        // top-k 2 renormalises to 0.5/0.7, 0.2/0.7 before top-p: 0.714 < 0.8 keeps both.
        assertThat(Sampler.kept(PROBS, 2, 0.8)).isEqualTo(2);
    }

    @Test
    void drawsFollowTheKeptProbabilities() {
        int draws = 40_000;
        int[] counts = new int[60];
        for (int step = 0; step < draws; step++) {
            counts[Sampler.choose(PROBS, IDS, 0, 0.8, 7, step, () -> {
                throw new AssertionError("the candidates hold top_p: no full row needed");
            })]++;
        }
        // Kept: 40, 10, 30 (mass 0.85), renormalised.
        assertThat(counts[40] / (double) draws).isCloseTo(0.5 / 0.85, within(0.015));
        assertThat(counts[10] / (double) draws).isCloseTo(0.2 / 0.85, within(0.015));
        assertThat(counts[30] / (double) draws).isCloseTo(0.15 / 0.85, within(0.015));
        assertThat(counts[20] + counts[50]).isZero();
    }

    @Test
    void fallsBackToTheFullRowWhenTheCandidatesCannotDecide() {
        float[] row = new float[100];
        for (int i = 0; i < row.length; i++) {
            row[i] = 0.01f;
        }
        float[] top = {0.01f, 0.01f};
        int[] topIds = {0, 1};
        AtomicInteger fetched = new AtomicInteger();
        int[] counts = new int[100];
        for (int step = 0; step < 20_000; step++) {
            counts[Sampler.choose(top, topIds, 0, 0.5, 3, step, () -> {
                fetched.incrementAndGet();
                return row;
            })]++;
        }
        assertThat(fetched.get()).isEqualTo(20_000);
        // Ties sort by id: the nucleus of a flat row at 0.5 is the 50 lowest ids, each ~1/50.
        for (int i = 0; i < 50; i++) {
            assertThat(counts[i] / 20_000.0).isCloseTo(0.02, within(0.008));
        }
        for (int i = 50; i < 100; i++) {
            assertThat(counts[i]).isZero();
        }
    }

    @Test
    void theDrawDependsOnSeedAndStepOnly() {
        int a = Sampler.choose(PROBS, IDS, 0, 1.0, 11, 4, () -> PROBS_ROW);
        int b = Sampler.choose(PROBS, IDS, 0, 1.0, 11, 4, () -> PROBS_ROW);
        assertThat(a).isEqualTo(b);
        assertThat(Sampler.uniform(1, 2, 3)).isNotEqualTo(Sampler.uniform(1, 2, 4))
                .isNotEqualTo(Sampler.uniform(1, 3, 3)).isNotEqualTo(Sampler.uniform(2, 2, 3));
    }

    private static final float[] PROBS_ROW = new float[60];

    static {
        for (int i = 0; i < PROBS.length; i++) {
            PROBS_ROW[IDS[i]] = PROBS[i];
        }
    }
}
