package dev.vibe.grading.math;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;

/**
 * Times the grader over a labelled set: math checks per second, agreement with the labels, timeouts. For
 * {@code vibe bench grade}; prints nothing itself.
 */
public final class MathGraderBenchmark {

    /** What one run measured. */
    public record Result(int checks, int threads, double seconds, double checksPerSecond, double agreement,
                         int timeouts) {
        @Override
        public String toString() {
            return String.format("%d math checks on %d threads in %.2f s: %.1f checks/s, agreement %.2f%%, %d timeouts",
                    checks, threads, seconds, checksPerSecond, 100 * agreement, timeouts);
        }
    }

    private MathGraderBenchmark() {
    }

    /**
     * Grades every case {@code rounds} times from {@code threads} threads sharing {@code grader}. Run it once
     * first to warm up (class loading and Symja's start-up dominate a cold run).
     */
    public static Result run(MathGrader grader, List<LabelledCase> cases, int rounds, int threads)
            throws InterruptedException {
        if (rounds < 1 || threads < 1 || cases.isEmpty()) {
            throw new IllegalArgumentException("need cases, rounds >= 1 and threads >= 1");
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger agreed = new AtomicInteger();
        AtomicInteger timeouts = new AtomicInteger();
        int total = cases.size() * rounds;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < total) {
                        LabelledCase c = cases.get(i % cases.size());
                        MathVerdict v = grader.grade(c.gold(), c.pred());
                        if (v.equal() == c.equal()) {
                            agreed.incrementAndGet();
                        }
                        if (MathVerdict.TIMEOUT.equals(v.reason())) {
                            timeouts.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("benchmark failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(total, threads, seconds, total / seconds, (double) agreed.get() / total, timeouts.get());
    }
}
