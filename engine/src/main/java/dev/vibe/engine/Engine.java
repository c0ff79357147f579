package dev.vibe.engine;

import dev.vibe.engine.generate.BatchingEngine;
import dev.vibe.engine.tokenizer.Tokenizer;
import java.util.concurrent.CompletableFuture;

/**
 * A loaded model that serves generation requests from many threads at once.
 *
 * <p>One engine per device per JVM: it owns the weights, the KV-cache pool and one scheduler thread that runs
 * continuous batching (a waiting request takes a slot as soon as one frees, every decode step). {@link #submit}
 * never blocks on generation; a request that cannot be served completes with {@link FinishReason#ERROR} and its
 * reason, and the engine goes on serving the others.
 */
public interface Engine extends AutoCloseable {

    /** Loads the checkpoint named by {@code config} and starts the scheduler. */
    static Engine open(EngineConfig config) {
        return BatchingEngine.open(config);
    }

    /** Queues a request; the future completes when it finishes, with any finish reason (never exceptionally). */
    default CompletableFuture<GenerationResult> submit(GenerationRequest request) {
        return submit(request, TokenListener.NONE);
    }

    /** As {@link #submit(GenerationRequest)}, calling {@code listener} on the scheduler thread per new token. */
    CompletableFuture<GenerationResult> submit(GenerationRequest request, TokenListener listener);

    /** A snapshot of the scheduler's state, cheap enough to read for every metric report. */
    EngineStats stats();

    /** What is loaded: name, revision, shape. */
    ModelInfo model();

    /** The checkpoint's tokenizer, shared; thread-safe. */
    Tokenizer tokenizer();

    /**
     * False once the engine is closed or dead (a native failure or repeated failed steps): it then completes every
     * request with {@link FinishReason#ERROR} at once, so a caller should replace it.
     */
    default boolean isAlive() {
        return true;
    }

    /** Fails every queued and running request with reason "engine closed", then frees native memory. */
    @Override
    void close();
}
