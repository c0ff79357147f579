package dev.vibe.operators.grade;

import dev.vibe.grading.code.CodeJudge;
import dev.vibe.grading.math.MathGrader;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graders of one JVM (a TaskManager), shared by every grading subtask in it: one {@link MathGrader}, one
 * {@link CodeJudge} whose sandbox pool holds {@code maxSandboxes} slots, and an executor of exactly that many threads
 * for code (and one of {@code mathThreads} for math). However many subtasks a TaskManager runs, at most
 * {@code maxSandboxes} sandboxes run in it at once, and the sandboxes' uids never clash (a second judge in the same
 * JVM would reuse them). Reference-counted: the last {@link Lease#close()} stops the threads.
 */
public final class GraderPool {

    private static final Logger LOG = LoggerFactory.getLogger(GraderPool.class);
    private static final Map<GraderSettings, GraderPool> POOLS = new HashMap<>();

    private final GraderSettings settings;
    private final MathGrader math;
    private final ExecutorService mathThreads;
    private final ExecutorService codeThreads;
    private CodeJudge judge;
    private int leases;

    private GraderPool(GraderSettings settings) {
        this.settings = settings;
        this.math = MathGrader.builder().optTimeout(settings.mathTimeout()).optWorkers(settings.mathThreads()).build();
        this.mathThreads = Executors.newFixedThreadPool(settings.mathThreads(), named("vibe-grade-math"));
        this.codeThreads = Executors.newFixedThreadPool(settings.maxSandboxes(), named("vibe-grade-code"));
    }

    /** The JVM's pool for {@code settings}, created on first use. Close the lease when done. */
    public static Lease acquire(GraderSettings settings, String graderVersion) {
        GraderPool pool;
        synchronized (POOLS) {
            pool = POOLS.computeIfAbsent(settings, GraderPool::new);
            pool.leases++;
        }
        return pool.new Lease(graderVersion);
    }

    /** Pools alive in this JVM (for tests). */
    public static int livePools() {
        synchronized (POOLS) {
            return POOLS.size();
        }
    }

    /** Built on the first code sample, so a host without bwrap still grades math. */
    private synchronized CodeJudge judge() {
        if (judge == null) {
            judge = CodeJudge.builder()
                    .optMaxParallel(settings.maxSandboxes())
                    .optTimeLimit(settings.codeTimeLimit())
                    .optMemoryLimitMb(settings.codeMemoryMb())
                    .optSandboxUidBase(settings.sandboxUidBase())
                    .build();
            LOG.info("code judge ready: {} sandboxes, {} CPU per test, {} MB", settings.maxSandboxes(),
                    settings.codeTimeLimit(), settings.codeMemoryMb());
        }
        return judge;
    }

    private void release() {
        synchronized (POOLS) {
            if (--leases > 0) {
                return;
            }
            POOLS.remove(settings);
        }
        mathThreads.shutdownNow();
        codeThreads.shutdownNow();
        try {
            // sandboxed runs end at their wall-clock limit; wait for them so no sandbox outlives the job
            codeThreads.awaitTermination(settings.codeTimeLimit().multipliedBy(2).plusSeconds(10).toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        math.close();
        synchronized (this) {
            if (judge != null) {
                judge.close(); // hands its sandbox uids back to the host
            }
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** One subtask's use of the pool. */
    public final class Lease implements AutoCloseable {
        private final SolutionGrader grader;
        private boolean closed;

        private Lease(String graderVersion) {
            this.grader = new SolutionGrader(math, GraderPool.this::judge, graderVersion);
        }

        public SolutionGrader grader() {
            return grader;
        }

        /** The threads that grade samples of {@code kind}: the sandbox pool's for code, the math pool's else. */
        public ExecutorService executorFor(String kind) {
            return "code".equalsIgnoreCase(kind == null ? "" : kind.strip()) ? codeThreads : mathThreads;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release();
            }
        }
    }
}
