package dev.vibe.operators.inference;

import dev.vibe.engine.Engine;
import dev.vibe.engine.EngineConfig;
import dev.vibe.engine.FinishReason;
import dev.vibe.engine.GenerationRequest;
import dev.vibe.engine.GenerationResult;
import dev.vibe.engine.ModelInfo;
import dev.vibe.engine.SamplingParams;
import dev.vibe.engine.SharedEngines;
import dev.vibe.engine.prompt.Prompt;
import dev.vibe.operators.metrics.InferenceMetrics;
import dev.vibe.schemas.Solution;
import dev.vibe.schemas.SolutionRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates one sample per request on the TaskManager's shared engine (Flink Async I/O: many requests in flight
 * per subtask, all subtasks of the JVM feeding one continuous-batching engine per device).
 *
 * <p>A request that fails or times out becomes a row with {@code finish_reason=error} and the reason: one bad row
 * never fails the job. An engine that dies (its future fails, or submit throws) fails the operator, so Flink
 * restores the last checkpoint and Async I/O re-issues the requests that were in flight.
 */
public final class SolutionInference extends RichAsyncFunction<SolutionRequest, Solution> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SolutionInference.class);

    /** Results per run in this JVM, and the runs that already had their injected failure (fail-once-after). */
    private static final Map<String, AtomicLong> RESULTS_PER_RUN = new ConcurrentHashMap<>();
    private static final Set<String> FAILED_ONCE = ConcurrentHashMap.newKeySet();

    private final InferenceSettings settings;

    private transient Engine engine;
    private transient ModelInfo model;
    private transient InferenceMetrics metrics;
    private transient Map<String, CompletableFuture<GenerationResult>> inFlight;

    public SolutionInference(InferenceSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        String device = DeviceChoice.choose(getRuntimeContext().getExternalResourceInfos(DeviceChoice.GPU_RESOURCE),
                getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), settings.device());
        EngineConfig config = EngineConfig.builder()
                .setModelDir(Path.of(settings.modelDir()))
                .optDevice(device)
                .optDataType(settings.dataType())
                .optMaxSlots(settings.maxSlots())
                .optKvCacheTokens(settings.kvCacheTokens())
                .build();
        if (SharedEngines.class.getClassLoader() != RichAsyncFunction.class.getClassLoader()) {
            // Loaded from the job jar (a cluster): the registry lives and dies with this job's classloader, so close
            // its engines when Flink drops it, or their native memory would outlive the job. Loaded beside Flink (the
            // embedded MiniCluster), the registry is JVM-wide and other jobs may still be using its engines.
            getRuntimeContext().registerUserCodeClassLoaderReleaseHookIfAbsent("vibe-shared-engines",
                    SharedEngines::closeAll);
        }
        engine = SharedEngines.acquire(config); // a lease: closing it releases one reference
        model = engine.model();
        inFlight = new ConcurrentHashMap<>();
        metrics = InferenceMetrics.register(getRuntimeContext().getMetricGroup(), engine::stats);
        LOG.info("subtask {} generates on {} ({}), {} slots", getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                model.id(), device, settings.maxSlots());
    }

    @Override
    public void asyncInvoke(SolutionRequest request, ResultFuture<Solution> resultFuture) {
        String key = key(request);
        Instant startedAt = Instant.now();
        GenerationRequest generation;
        try {
            generation = new GenerationRequest(key, Prompt.raw(request.getPrompt()), sampling(request));
        } catch (IllegalArgumentException e) {
            // invalid sampling settings on this row: its own error row, the others go on
            resultFuture.complete(List.of(SolutionRows.error(request, "invalid request: " + e.getMessage(), model,
                    startedAt, Instant.now())));
            return;
        }
        Engine current = engine; // close() may clear the field before a late result arrives
        CompletableFuture<GenerationResult> future;
        try {
            future = current.submit(generation);
        } catch (RuntimeException e) {
            resultFuture.completeExceptionally(new IllegalStateException("engine " + model.id()
                    + " refused request " + key + ": " + e.getMessage(), e));
            return;
        }
        metrics.submitted();
        inFlight.put(key, future);
        future.whenComplete((result, failure) -> {
            inFlight.remove(key, future);
            metrics.finished(result == null ? 0 : result.completionTokens());
            if (failure != null) {
                if (future.isCancelled()) {
                    return; // timed out: timeout() already wrote the row
                }
                resultFuture.completeExceptionally(new IllegalStateException("engine " + model.id()
                        + " failed on request " + key + ": " + failure.getMessage(), failure));
                return;
            }
            if (result.finishReason() == FinishReason.ERROR && !current.isAlive()) {
                // not this row's fault: fail the operator so Flink restores and re-issues it on a fresh engine
                resultFuture.completeExceptionally(new IllegalStateException("engine " + model.id()
                        + " died: " + result.error()));
                return;
            }
            if (injectFailureNow(request.getRunId())) {
                resultFuture.completeExceptionally(new IllegalStateException("injected failure after "
                        + settings.failOnceAfterResults() + " results (fail-once-after), to exercise recovery"));
                return;
            }
            resultFuture.complete(List.of(SolutionRows.of(request, result, model, startedAt, Instant.now())));
        });
    }

    @Override
    public void timeout(SolutionRequest request, ResultFuture<Solution> resultFuture) {
        CompletableFuture<GenerationResult> future = inFlight.remove(key(request));
        if (future != null) {
            future.cancel(false); // frees its slot if the engine honours cancellation
        }
        Instant now = Instant.now();
        resultFuture.complete(List.of(SolutionRows.error(request, "timed out after "
                + settings.requestTimeoutMillis() + " ms", model, now.minusMillis(settings.requestTimeoutMillis()),
                now)));
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    /** Whether the fail-once-after drill already failed run {@code runId} in this JVM. */
    public static boolean failureInjected(String runId) {
        return FAILED_ONCE.contains(runId);
    }

    private boolean injectFailureNow(String runId) {
        long after = settings.failOnceAfterResults();
        if (after <= 0 || FAILED_ONCE.contains(runId)) {
            return false;
        }
        long n = RESULTS_PER_RUN.computeIfAbsent(runId, id -> new AtomicLong()).incrementAndGet();
        return n >= after && FAILED_ONCE.add(runId);
    }

    private static String key(SolutionRequest request) {
        return request.getProblemId() + "#" + request.getSampleIndex();
    }

    private static SamplingParams sampling(SolutionRequest request) {
        return SamplingParams.builder()
                .optTemperature(request.getTemperature())
                .optTopP(request.getTopP())
                .optTopK(request.getTopK())
                .optMaxNewTokens(request.getMaxNewTokens())
                .optSeed(request.getSeed())
                .build();
    }
}
