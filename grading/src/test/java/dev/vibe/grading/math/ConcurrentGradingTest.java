package dev.vibe.grading.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One grader shared by many threads gives every thread the verdicts it gives one thread. */
class ConcurrentGradingTest {

    @Test
    void sharedGraderGivesTheSameVerdictsUnderConcurrentUse() throws Exception {
        // every third case: all kinds, a third of the time (the suite runs on a shared 2-core machine)
        List<LabelledCase> all = LabelledCase.bundled();
        List<LabelledCase> cases = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 3) {
            cases.add(all.get(i));
        }
        try (MathGrader grader = MathGrader.builder().optTimeout(Duration.ofSeconds(20)).optWorkers(2).build()) {
            List<MathVerdict> sequential = new ArrayList<>();
            for (LabelledCase c : cases) {
                sequential.add(grader.grade(c.gold(), c.pred()));
            }
            int threads = 4;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<List<MathVerdict>>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int offset = t * 37;
                    results.add(pool.submit(() -> {
                        List<MathVerdict> out = new ArrayList<>(cases.size());
                        for (int i = 0; i < cases.size(); i++) {
                            out.add(null);
                        }
                        for (int k = 0; k < cases.size(); k++) { // each thread in its own order
                            int i = (k + offset) % cases.size();
                            out.set(i, grader.grade(cases.get(i).gold(), cases.get(i).pred()));
                        }
                        return out;
                    }));
                }
                for (Future<List<MathVerdict>> f : results) {
                    List<MathVerdict> got = f.get(5, TimeUnit.MINUTES);
                    for (int i = 0; i < cases.size(); i++) {
                        assertThat(got.get(i).equal()).as("case %d: %s vs %s", i, cases.get(i).gold(),
                                cases.get(i).pred()).isEqualTo(sequential.get(i).equal());
                        assertThat(got.get(i).reason()).isEqualTo(sequential.get(i).reason());
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
