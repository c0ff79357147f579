package dev.vibe.grading.math;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apfloat.ApfloatContext;
import org.matheclipse.core.basic.Config;
import org.matheclipse.core.eval.EvalEngine;
import org.matheclipse.core.expression.F;

/**
 * A pool of daemon threads, each owning one Symja {@link EvalEngine}, that runs symbolic checks with a hard time
 * limit. Written here rather than on an {@code ExecutorService} because a timed-out worker must be retired and
 * replaced (an executor would keep the stuck thread as one of its fixed slots and stall every later check).
 *
 * <p>On timeout the worker's engine is asked to stop ({@link EvalEngine#stopRequest()}, which Symja polls) and
 * its thread is interrupted; the worker leaves the pool at once, a fresh one takes its place, and the old thread
 * ends when Symja returns. The time limit counts from the moment a worker starts the check, so a queue of
 * checks from many callers never times out a check that has not run.
 */
final class SymjaWorkers implements AutoCloseable {

    /** A check run on a worker thread with that thread's engine. */
    interface Check<T> {
        T run(EvalEngine engine) throws Exception;
    }

    /** Symja's own limits, set once for the JVM (they are static in Symja): iterations, recursion, bit length. */
    static final int ITERATION_LIMIT = 100_000;
    static final int RECURSION_LIMIT = 512;
    /** Largest integer Symja builds, in bits: 2006! needs about 19,000; a 10^(10^9) must fail fast, not fill memory. */
    static final int MAX_BIT_LENGTH = 400_000;

    private static final AtomicInteger POOLS = new AtomicInteger();
    private static volatile boolean configured;

    private final int size;
    private final long timeoutNanos;
    private final String name;
    private final AtomicInteger serial = new AtomicInteger();
    private final LinkedBlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
    private final Set<Worker> workers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger retired = new AtomicInteger();
    private volatile boolean closed;

    SymjaWorkers(int size, Duration timeout) {
        if (size < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + size);
        }
        configureSymja();
        this.size = size;
        this.timeoutNanos = timeout.toNanos();
        this.name = "vibe-symja-" + POOLS.incrementAndGet() + "-";
        for (int i = 0; i < size; i++) {
            startWorker();
        }
    }

    private static synchronized void configureSymja() {
        if (configured) {
            return;
        }
        Config.TIMECONSTRAINED_NO_THREAD = true; // Symja must not start threads of its own that we cannot retire
        Config.JAS_NO_THREADS = true;
        Config.MAX_BIT_LENGTH = MAX_BIT_LENGTH;
        Config.FUZZY_PARSER = false;
        F.initSymbols();
        configured = true;
    }

    /**
     * Runs {@code check} on a worker; waits for a free worker, then at most the time limit.
     *
     * @throws TimeoutException when the check ran past the limit (its worker has been replaced)
     */
    <T> T call(Check<T> check) throws TimeoutException, ExecutionException, InterruptedException {
        if (closed) {
            throw new IllegalStateException("the grader is closed");
        }
        Job<T> job = new Job<>(check);
        queue.put(job);
        job.started.await();
        try {
            return job.result.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            Worker worker = job.worker;
            if (worker != null) {
                worker.retire(job);
            }
            throw e;
        }
    }

    /** Threads of this pool still alive, retired ones included (a test checks that timeouts leak none). */
    int liveThreads() {
        int alive = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(name) && t.isAlive()) {
                alive++;
            }
        }
        return alive;
    }

    int size() {
        return size;
    }

    /** Workers retired after a timeout since the pool started. */
    int retiredCount() {
        return retired.get();
    }

    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) {
            w.shutdown();
        }
        Job<?> pending;
        while ((pending = queue.poll()) != null) {
            pending.result.completeExceptionally(new IllegalStateException("the grader is closed"));
            pending.started.countDown();
        }
    }

    private void startWorker() {
        if (closed) {
            return;
        }
        Worker worker = new Worker(name + serial.incrementAndGet());
        workers.add(worker);
        worker.start();
    }

    private static final class Job<T> {
        final Check<T> check;
        final CountDownLatch started = new CountDownLatch(1);
        final CompletableFuture<T> result = new CompletableFuture<>();
        volatile Worker worker;

        Job(Check<T> check) {
            this.check = check;
        }
    }

    private final class Worker extends Thread {
        private volatile boolean leaving;
        private Job<?> current; // guarded by this
        private volatile EvalEngine engine;

        Worker(String threadName) {
            super(threadName);
            setDaemon(true);
        }

        @Override
        public void run() {
            ApfloatContext.setThreadContext(ownApfloatContext());
            try {
                serve();
            } finally {
                ApfloatContext.removeThreadContext();
            }
        }

        /**
         * A copy of apfloat's global context (as Symja configured it) with a shared-memory lock of this worker's own.
         * apfloat serialises every multiplication above its shared-memory threshold on that one lock, and Symja's
         * stop request does not reach a thread inside one: a retired worker still multiplying held the global lock
         * while later checks of the fresh workers waited on it, spinning (measured: the timeout test left 5 threads
         * alive after 60 s and a concurrency test timed out after 540 s; jstack showed the workers in apfloat's
         * lock wait).
         */
        private static ApfloatContext ownApfloatContext() {
            ApfloatContext ctx = (ApfloatContext) ApfloatContext.getGlobalContext().clone();
            ctx.setSharedMemoryLock(new Object());
            return ctx;
        }

        private void serve() {
            engine = newEngine();
            while (!leaving && !closed) {
                Job<?> job;
                try {
                    job = queue.take();
                } catch (InterruptedException e) {
                    break;
                }
                if (leaving) { // retired or closed between take and start: hand the job on
                    queue.add(job);
                    break;
                }
                runJob(job);
            }
            workers.remove(this);
        }

        private <T> void runJob(Job<T> job) {
            synchronized (this) {
                current = job;
            }
            job.worker = this;
            job.started.countDown();
            try {
                engine.setStopRequested(false);
                EvalEngine.set(engine);
                job.result.complete(job.check.run(engine));
            } catch (Throwable t) { // StackOverflowError and Symja's own limits included: one bad check, not a dead worker
                job.result.completeExceptionally(t);
                if (!leaving) {
                    engine = newEngine(); // its state after an abort is not to be trusted
                }
            } finally {
                synchronized (this) {
                    current = null;
                    Thread.interrupted(); // a retire() aimed at this job must not reach the next one
                }
            }
        }

        /**
         * Called by the waiting thread on timeout: stop the check, leave the pool, start a replacement. A no-op
         * when the worker has already finished {@code job} (it may be running another caller's check by now).
         */
        synchronized void retire(Job<?> job) {
            if (leaving || current != job) {
                return;
            }
            leaving = true;
            if (workers.remove(this)) {
                retired.incrementAndGet();
                startWorker();
            }
            EvalEngine e = engine;
            if (e != null) {
                e.stopRequest();
            }
            interrupt();
        }

        void shutdown() {
            leaving = true;
            EvalEngine e = engine;
            if (e != null) {
                e.stopRequest();
            }
            interrupt();
        }

        private EvalEngine newEngine() {
            EvalEngine e = new EvalEngine("vibe-grading", RECURSION_LIMIT, ITERATION_LIMIT, null, null, true);
            e.setQuietMode(true);
            e.setOutListDisabled(true, (short) 0); // no Out[] history: workers live long
            EvalEngine.set(e);
            return e;
        }
    }
}
