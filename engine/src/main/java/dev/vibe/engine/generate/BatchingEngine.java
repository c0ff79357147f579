package dev.vibe.engine.generate;

import dev.vibe.engine.Engine;
import dev.vibe.engine.EngineConfig;

/** The continuous-batching {@link Engine}: one scheduler thread, a slot pool and a KV-cache pool. */
public final class BatchingEngine {

    private BatchingEngine() {
    }

    public static Engine open(EngineConfig config) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
