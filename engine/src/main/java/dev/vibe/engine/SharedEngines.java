package dev.vibe.engine;

import dev.vibe.engine.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One engine per (model folder, device, dtype) per JVM, shared by reference count: every user (e.g. each parallel
 * Flink operator instance in a TaskManager) calls {@link #acquire} and closes its lease when done; the engine
 * closes when the last lease closes. The first acquirer's other settings (slots, KV-cache size) win.
 *
 * <pre>{@code
 * try (Engine engine = SharedEngines.acquire(config)) {
 *     engine.submit(request).join();
 * }
 * }</pre>
 */
public final class SharedEngines {

    private record Key(Path modelDir, String device, String dataType) {
    }

    private static final class Entry {
        final Engine engine;
        int leases;

        Entry(Engine engine) {
            this.engine = engine;
        }
    }

    private static final Map<Key, Entry> ENGINES = new HashMap<>();
    private static int openedTotal;

    private SharedEngines() {
    }

    /**
     * A lease on the shared engine for {@code config}'s model, device and dtype, opening it if needed (a dead one
     * is replaced). Closing the lease releases it; it is idempotent.
     */
    public static Engine acquire(EngineConfig config) {
        Key key = new Key(config.modelDir().toAbsolutePath().normalize(), config.device(), config.dataType());
        synchronized (ENGINES) {
            Entry entry = ENGINES.get(key);
            if (entry == null || !entry.engine.isAlive()) {
                entry = new Entry(Engine.open(config));
                ENGINES.put(key, entry);
                openedTotal++;
            }
            entry.leases++;
            return new Lease(key, entry);
        }
    }

    /** Engines currently open (for metrics and tests). */
    public static int openEngines() {
        synchronized (ENGINES) {
            return ENGINES.size();
        }
    }

    /** Engines opened in this JVM (by this class's copy) since it was loaded: how often a model was loaded. */
    public static int openedTotal() {
        synchronized (ENGINES) {
            return openedTotal;
        }
    }

    /**
     * Closes every engine, leased or not, and forgets them. For a Flink job's user-code classloader release hook:
     * on a cluster this class lives in the job jar's classloader, so a finished job's engines must not outlive it.
     */
    public static void closeAll() {
        java.util.List<Entry> all;
        synchronized (ENGINES) {
            all = java.util.List.copyOf(ENGINES.values());
            ENGINES.clear();
        }
        all.forEach(e -> e.engine.close());
    }

    private static void release(Key key, Entry entry) {
        synchronized (ENGINES) {
            entry.leases--;
            if (entry.leases > 0) {
                return;
            }
            if (ENGINES.get(key) == entry) {
                ENGINES.remove(key);
            }
        }
        entry.engine.close();
    }

    /** An {@link Engine} view whose close releases one reference. */
    private static final class Lease implements Engine {
        private final Key key;
        private final Entry entry;
        private final AtomicBoolean released = new AtomicBoolean();

        Lease(Key key, Entry entry) {
            this.key = key;
            this.entry = entry;
        }

        @Override
        public CompletableFuture<GenerationResult> submit(GenerationRequest request, TokenListener listener) {
            if (released.get()) {
                throw new IllegalStateException("this engine lease was closed");
            }
            return entry.engine.submit(request, listener);
        }

        @Override
        public EngineStats stats() {
            return entry.engine.stats();
        }

        @Override
        public ModelInfo model() {
            return entry.engine.model();
        }

        @Override
        public Tokenizer tokenizer() {
            return entry.engine.tokenizer();
        }

        @Override
        public boolean isAlive() {
            return !released.get() && entry.engine.isAlive();
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                release(key, entry);
            }
        }
    }
}
