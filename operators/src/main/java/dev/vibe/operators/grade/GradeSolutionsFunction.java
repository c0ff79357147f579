package dev.vibe.operators.grade;

import dev.vibe.schemas.Grade;
import dev.vibe.schemas.Solution;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Async I/O adapter of {@link SolutionGrader}: each sample is graded on the TaskManager's shared {@link GraderPool}
 * threads (code on the sandbox pool's, math on the math pool's), so sandboxes never exceed {@code maxSandboxes} per
 * TaskManager whatever the parallelism. Use with {@code AsyncDataStream.unorderedWait(..., timeout = settings
 * .sampleTimeout())}; a sample past it is written with TIMEOUT / SANDBOX_ERROR instead of failing the job.
 */
public final class GradeSolutionsFunction extends RichAsyncFunction<Solution, Grade> {

    private static final long serialVersionUID = 1L;

    private final GraderSettings settings;
    private final String graderVersion;
    private final String progressKey;
    private transient GraderPool.Lease lease;
    private transient AtomicLong graded;

    /** @param progressKey the {@link GradeProgress} counter this job's grades are counted in */
    public GradeSolutionsFunction(GraderSettings settings, String graderVersion, String progressKey) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.graderVersion = Objects.requireNonNull(graderVersion, "graderVersion");
        this.progressKey = Objects.requireNonNull(progressKey, "progressKey");
    }

    @Override
    public void open(OpenContext context) {
        lease = GraderPool.acquire(settings, graderVersion);
        graded = GradeProgress.of(progressKey);
    }

    @Override
    public void asyncInvoke(Solution s, ResultFuture<Grade> out) {
        CompletableFuture.supplyAsync(() -> {
            try {
                return lease.grader().grade(s);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException("grading interrupted (the job is stopping)", e);
            }
        }, lease.executorFor(s.getKind())).whenComplete((grade, error) -> {
            if (error != null) {
                out.completeExceptionally(error);
            } else {
                graded.incrementAndGet();
                out.complete(List.of(grade));
            }
        });
    }

    @Override
    public void timeout(Solution s, ResultFuture<Grade> out) {
        graded.incrementAndGet();
        out.complete(List.of(SolutionGrader.timedOut(s, graderVersion, settings.sampleTimeout().toMillis())));
    }

    @Override
    public void close() {
        if (lease != null) {
            lease.close();
            lease = null;
        }
    }
}
