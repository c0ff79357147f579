package dev.vibe.engine.generate;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.vibe.engine.Engine;
import dev.vibe.engine.EngineConfig;
import dev.vibe.engine.EngineStats;
import dev.vibe.engine.GenerationRequest;
import dev.vibe.engine.GenerationResult;
import dev.vibe.engine.ModelInfo;
import dev.vibe.engine.SamplingParams;
import dev.vibe.engine.TokenListener;
import dev.vibe.engine.checkpoint.Checkpoint;
import dev.vibe.engine.checkpoint.Qwen2Config;
import dev.vibe.engine.model.KvCache;
import dev.vibe.engine.model.Qwen2Model;
import dev.vibe.engine.model.Qwen2Weights;
import dev.vibe.engine.tokenizer.Tokenizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The continuous-batching {@link Engine}: one scheduler thread, a fixed number of slots and one KV-cache pool.
 *
 * <p>Every iteration the scheduler admits waiting requests into free slots (first come, first served, each
 * reserving its prompt + max_new_tokens of cache rows, capped by the context), prefills the admitted prompts in one
 * padded batch (requests with identical prompts share one prefill: their K/V rows are written once per copy), then
 * runs one decode step over every running sequence and retires the ones that finished, so a freed slot is refilled
 * at the next step, not when a whole batch is done.
 *
 * <p>Failures: a request that cannot fit fails alone at submit; an exception inside a step fails the requests in
 * that step and the scheduler goes on; an {@link Error} (native failure, out of memory) or three failed steps in a
 * row mark the engine dead ({@link #isAlive()} false), failing everything queued and refusing new work.
 */
public final class BatchingEngine implements Engine {

    private static final Logger LOG = LoggerFactory.getLogger(BatchingEngine.class);
    private static final int FAILED_STEPS_BEFORE_DEAD = 3;

    private final EngineConfig config;
    private final Qwen2Config modelConfig;
    private final Qwen2Model model;
    private final Tokenizer tokenizer;
    private final ModelInfo info;
    private final NDManager manager;
    private final KvCache cache;
    private final KvBlocks blocks;
    private final Set<Integer> stopIds;
    private final List<AutoCloseable> owned;
    private final Sequence[] slots;
    private final ArrayDeque<Sequence> waiting = new ArrayDeque<>();
    private final LinkedBlockingQueue<Sequence> incoming = new LinkedBlockingQueue<>();
    private final Object lock = new Object();
    private final Thread scheduler;

    private volatile boolean closed;
    private volatile String deadReason;
    private volatile int waitingCount;
    private volatile int runningCount;
    private volatile long kvUsed;
    private final AtomicLong promptTotal = new AtomicLong();
    private final AtomicLong generatedTotal = new AtomicLong();
    private final AtomicLong completedTotal = new AtomicLong();
    private int failedSteps;
    /** Runs before every step with the step's request ids: a seam for tests to make a step fail. */
    volatile java.util.function.Consumer<List<String>> beforeStep = ids -> { };
    private volatile boolean releaseOnExit;

    private BatchingEngine(EngineConfig config, Qwen2Weights weights, Tokenizer tokenizer, Set<Integer> stopIds,
            ModelInfo info, List<AutoCloseable> owned) {
        this.config = config;
        this.modelConfig = weights.config();
        this.tokenizer = tokenizer;
        this.info = info;
        this.stopIds = Set.copyOf(stopIds);
        this.owned = owned;
        this.manager = NDManager.newBaseManager(weights.device());
        long rows = config.kvCacheTokens() > 0 ? config.kvCacheTokens()
                : (long) config.maxSlots() * Math.min(modelConfig.maxPositionEmbeddings(), 4096);
        rows = rows / KvBlocks.BLOCK * KvBlocks.BLOCK;
        if (rows < KvBlocks.BLOCK || rows > Integer.MAX_VALUE - 1) {
            manager.close();
            throw new IllegalArgumentException("KV-cache pool of " + rows + " tokens is out of range");
        }
        this.blocks = new KvBlocks((int) rows);
        this.slots = new Sequence[config.maxSlots()];
        // Every parallel libtorch op of the engine, building its model and cache included, runs on the scheduler
        // thread. A thread that ran one keeps an OpenMP team until it exits, and with more OpenMP threads than
        // cores libgomp stops spinning between parallel regions: a batch-16 decode step measured ~25% slower.
        CompletableFuture<Built> built = new CompletableFuture<>();
        CountDownLatch constructed = new CountDownLatch(1);
        long poolRows = rows;
        this.scheduler = new Thread(() -> {
            try {
                Qwen2Model inference = Qwen2Model.forInference(weights);
                if (inference.multipliesNatively()) {
                    // Before this thread's first parallel op: libtorch's OpenMP team would spin on the cores the
                    // native products run on. libtorch reads it per thread (threads started later inherit it).
                    JniUtils.setNumThreads(1);
                }
                built.complete(new Built(inference, allocateCache(poolRows, weights.dataType())));
            } catch (Throwable t) {
                built.completeExceptionally(t);
                return;
            }
            awaitUninterruptibly(constructed); // until the fields below are set
            schedule();
        }, "vibe-engine-" + info.name());
        scheduler.setDaemon(true);
        scheduler.start();
        Built ready;
        try {
            ready = built.join();
        } catch (CompletionException e) {
            manager.close();
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        this.model = ready.model();
        this.cache = ready.cache();
        constructed.countDown();
    }

    /** What the scheduler thread builds before it starts scheduling. */
    private record Built(Qwen2Model model, KvCache cache) {
    }

    private KvCache allocateCache(long rows, DataType dataType) {
        try {
            return KvCache.allocate(modelConfig, manager, (int) rows, dataType);
        } catch (RuntimeException | OutOfMemoryError e) {
            throw new IllegalStateException("cannot allocate a KV-cache pool of " + rows + " tokens ("
                    + KvCache.bytesFor(modelConfig, rows, dataType) / (1 << 20) + " MiB): " + e, e);
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Loads the checkpoint named by {@code config} and starts the scheduler. */
    public static Engine open(EngineConfig config) {
        Checkpoint checkpoint = Checkpoint.open(config.modelDir());
        List<AutoCloseable> owned = new ArrayList<>();
        owned.add(checkpoint); // closed last: F32 weights on CPU are views of its mapping
        try {
            Device device = config.cuda() ? Device.gpu(config.deviceIndex()) : Device.cpu();
            DataType dtype = "float16".equals(config.dataType()) ? DataType.FLOAT16 : DataType.FLOAT32;
            NDManager weightsManager = NDManager.newBaseManager(device);
            owned.add(0, weightsManager);
            Qwen2Weights weights = Qwen2Weights.load(checkpoint, weightsManager, dtype);
            Tokenizer tokenizer = Tokenizer.load(checkpoint.tokenizerJson());
            owned.add(0, tokenizer);
            Set<Integer> stops = new LinkedHashSet<>(checkpoint.config().eosTokenIds());
            stops.addAll(checkpoint.generationConfig().eosTokenIds());
            ModelInfo info = new ModelInfo(checkpoint.name(), checkpoint.revision(), checkpoint.directory(),
                    checkpoint.config(), device.toString(), config.dataType());
            return create(config, weights, tokenizer, stops, info, owned);
        } catch (RuntimeException | Error e) {
            closeAll(owned);
            throw e;
        }
    }

    /**
     * An engine over weights already in memory (tests, benchmarks, a model just trained). End tokens: {@code
     * eosTokenIds} plus {@code <|im_end|>} and {@code <|endoftext|>} when the tokenizer has them. {@code owned} is
     * closed, in order, when the engine closes.
     */
    public static BatchingEngine create(EngineConfig config, Qwen2Weights weights, Tokenizer tokenizer,
            Set<Integer> eosTokenIds, ModelInfo info, List<AutoCloseable> owned) {
        Set<Integer> stops = new LinkedHashSet<>(eosTokenIds);
        tokenizer.tokenId("<|im_end|>").ifPresent(stops::add);
        tokenizer.tokenId("<|endoftext|>").ifPresent(stops::add);
        return new BatchingEngine(config, weights, tokenizer, stops, info, List.copyOf(owned));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Callers' side: any thread.
    // ---------------------------------------------------------------------------------------------------------

    @Override
    public CompletableFuture<GenerationResult> submit(GenerationRequest request, TokenListener listener) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(listener, "listener");
        if (closed || deadReason != null) {
            return rejected(request, new int[0], closed ? "engine closed" : "engine is dead: " + deadReason);
        }
        int[] ids;
        try {
            ids = tokenizer.encode(request.prompt().render());
        } catch (RuntimeException e) {
            return rejected(request, new int[0], "cannot tokenize the prompt: " + e.getMessage());
        }
        SamplingParams sampling = request.sampling();
        int context = modelConfig.maxPositionEmbeddings();
        int reservation = (int) Math.min((long) ids.length + sampling.maxNewTokens(), context);
        String problem = checkFits(ids, reservation);
        if (problem != null) {
            return rejected(request, ids, problem);
        }
        Sequence sequence = new Sequence(request, listener, ids, reservation, stopIds,
                tokenizer.newIncrementalDecoder());
        synchronized (lock) {
            if (closed || deadReason != null) {
                return rejected(request, ids, closed ? "engine closed" : "engine is dead: " + deadReason);
            }
            incoming.add(sequence);
        }
        return sequence.future;
    }

    private String checkFits(int[] ids, int reservation) {
        int context = modelConfig.maxPositionEmbeddings();
        if (ids.length == 0) {
            return "the prompt is empty";
        }
        if (ids.length >= context) {
            return "the prompt has " + ids.length + " tokens but the model's context (max_position_embeddings) is "
                    + context + ", leaving no room to generate";
        }
        for (int id : ids) {
            if (id < 0 || id >= modelConfig.vocabSize()) {
                return "prompt token id " + id + " is outside the model's vocabulary of " + modelConfig.vocabSize();
            }
        }
        if (reservation > blocks.capacityTokens()) {
            return "the request needs " + reservation + " KV-cache tokens (prompt " + ids.length
                    + " + max_new_tokens, capped by the context " + context + ") but the pool holds "
                    + blocks.capacityTokens() + "; lower max_new_tokens or raise the KV-cache size";
        }
        return null;
    }

    private CompletableFuture<GenerationResult> rejected(GenerationRequest request, int[] ids, String reason) {
        LOG.warn("request {} rejected: {}", request.id(), reason);
        completedTotal.incrementAndGet();
        return CompletableFuture.completedFuture(GenerationResult.failed(request.id(), reason, Sequence.ids(ids),
                List.of()));
    }

    @Override
    public EngineStats stats() {
        return new EngineStats(incoming.size() + waitingCount, runningCount, slots.length, kvUsed,
                blocks.capacityTokens(), promptTotal.get(), generatedTotal.get(), completedTotal.get());
    }

    @Override
    public ModelInfo model() {
        return info;
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public boolean isAlive() {
        return !closed && deadReason == null;
    }

    /** Why the engine died, or null while it is alive. */
    public String deadReason() {
        return deadReason;
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (Thread.currentThread() == scheduler) {
            releaseOnExit = true;
        } else {
            try {
                scheduler.join(TimeUnit.MINUTES.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (scheduler.isAlive()) {
                LOG.error("engine scheduler did not stop within 2 minutes; leaving its native memory allocated");
                return;
            }
            release();
        }
    }

    private void release() {
        cache.close();
        manager.close();
        closeAll(owned);
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable c : resources) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", c, e.toString());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Scheduler thread.
    // ---------------------------------------------------------------------------------------------------------

    private void schedule() {
        try {
            while (!closed && deadReason == null) {
                boolean idle = waiting.isEmpty() && runningCount == 0;
                Sequence first = idle ? incoming.poll(100, TimeUnit.MILLISECONDS) : incoming.poll();
                if (first != null) {
                    waiting.add(first);
                    incoming.drainTo(waiting);
                }
                List<Sequence> running = running();
                List<List<Sequence>> admitted = admit();
                List<Sequence> twins = takeTwins(admitted, running);
                publishStats();
                if (!twins.isEmpty()) {
                    runStep(twins, () -> copyFromTwins(twins));
                }
                if (!admitted.isEmpty()) {
                    runStep(flatten(admitted), () -> prefill(admitted));
                }
                List<Sequence> decoding = running();
                if (!decoding.isEmpty()) {
                    runStep(decoding, () -> decode(decoding));
                }
                publishStats();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            die("scheduler failed: " + t);
        } finally {
            String reason = deadReason != null ? "engine is dead: " + deadReason : "engine closed";
            failAll(reason);
            publishStats();
            if (releaseOnExit) {
                release(); // close() was called from a listener on this thread, which could not join itself
            }
        }
    }

    /** Runs one step; a failure fails the step's sequences, and an Error or repeated failures kill the engine. */
    private void runStep(List<Sequence> involved, Runnable step) {
        try {
            beforeStep.accept(involved.stream().map(s -> s.request.id()).toList());
            step.run();
            failedSteps = 0;
        } catch (RuntimeException e) {
            failedSteps++;
            LOG.error("engine step failed for {} request(s)", involved.size(), e);
            for (Sequence s : involved) {
                if (!s.finished()) {
                    retire(s, "engine step failed: " + e);
                }
            }
            if (failedSteps >= FAILED_STEPS_BEFORE_DEAD) {
                die(failedSteps + " engine steps failed in a row, last: " + e);
            }
        } catch (Error e) {
            LOG.error("engine failed", e);
            die(e.toString());
        }
    }

    /**
     * Moves waiting requests into free slots in arrival order while the KV pool can reserve their rows; requests
     * with the same prompt as an admitted one join its prefill group. Returns the groups, one prefill row each.
     */
    private List<List<Sequence>> admit() {
        List<List<Sequence>> groups = new ArrayList<>();
        int longest = 0;
        while (!waiting.isEmpty() && freeSlot() >= 0) {
            Sequence head = waiting.peek();
            if (!blocks.canReserve(head.reservation)) {
                break; // first come, first served: later requests wait behind it
            }
            int padded = (groups.size() + 1) * Math.max(longest, head.prompt.length);
            if (!groups.isEmpty() && padded > config.maxPrefillTokens()) {
                break;
            }
            waiting.poll();
            List<Sequence> group = new ArrayList<>();
            take(head, group);
            for (Iterator<Sequence> it = waiting.iterator(); it.hasNext() && freeSlot() >= 0; ) {
                Sequence s = it.next();
                if (Arrays.equals(s.prompt, head.prompt) && blocks.canReserve(s.reservation)) {
                    it.remove();
                    take(s, group);
                }
            }
            groups.add(group);
            longest = Math.max(longest, head.prompt.length);
        }
        return groups;
    }

    /**
     * Removes from {@code groups} the sequences whose prompt a sequence that was already running has (the n samples
     * of a problem rarely arrive in one scheduler iteration) and points each at that twin.
     */
    private List<Sequence> takeTwins(List<List<Sequence>> groups, List<Sequence> running) {
        List<Sequence> twins = new ArrayList<>();
        for (Iterator<List<Sequence>> it = groups.iterator(); it.hasNext(); ) {
            List<Sequence> group = it.next();
            for (Sequence r : running) {
                if (Arrays.equals(r.prompt, group.get(0).prompt)) {
                    group.forEach(s -> s.twin = r);
                    twins.addAll(group);
                    it.remove();
                    break;
                }
            }
        }
        return twins;
    }

    /**
     * Copies each twin's prompt keys/values but the last position's; the sequence then feeds its last prompt token
     * in the decode step, which yields its first token's logits.
     */
    private void copyFromTwins(List<Sequence> twins) {
        long start = System.nanoTime();
        int total = 0;
        for (Sequence s : twins) {
            total += s.prompt.length - 1;
        }
        long[] from = new long[total];
        long[] to = new long[total];
        int n = 0;
        for (Sequence s : twins) {
            int len = s.prompt.length - 1;
            System.arraycopy(s.twin.rows, 0, from, n, len);
            System.arraycopy(s.rows, 0, to, n, len);
            n += len;
        }
        try (NDScope scope = new NDScope(); NDManager step = manager.newSubManager()) {
            cache.copyRows(step, from, to);
        }
        long elapsed = System.nanoTime() - start;
        for (Sequence s : twins) {
            s.prefillNanos = elapsed;
            s.twin = null;
        }
    }

    private void take(Sequence s, List<Sequence> group) {
        int slot = freeSlot();
        s.slot = slot;
        s.rows = blocks.reserve(s.reservation);
        s.admittedNanos = System.nanoTime();
        slots[slot] = s;
        group.add(s);
    }

    private int freeSlot() {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == null) {
                return i;
            }
        }
        return -1;
    }

    private void prefill(List<List<Sequence>> groups) {
        long start = System.nanoTime();
        int[][] prompts = new int[groups.size()][];
        long[][][] dest = new long[groups.size()][][];
        List<Sequence> members = new ArrayList<>();
        List<Integer> rowOf = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            List<Sequence> group = groups.get(g);
            prompts[g] = group.get(0).prompt;
            dest[g] = new long[group.size()][];
            for (int c = 0; c < group.size(); c++) {
                dest[g][c] = Arrays.copyOf(group.get(c).rows, prompts[g].length);
                members.add(group.get(c));
                rowOf.add(g);
            }
            promptTotal.addAndGet(prompts[g].length);
        }
        try (NDScope scope = new NDScope(); NDManager step = manager.newSubManager()) {
            NDArray logits = model.prefill(step, cache, prompts, dest);
            int[] tokens = sample(step, logits, members, rowOf.stream().mapToInt(Integer::intValue).toArray());
            long elapsed = System.nanoTime() - start;
            for (int i = 0; i < members.size(); i++) {
                members.get(i).prefillNanos = elapsed;
                advance(members.get(i), tokens[i]);
            }
        }
    }

    private void decode(List<Sequence> running) {
        int n = running.size();
        int[] tokens = new int[n];
        int[] positions = new int[n];
        long[][] rows = new long[n][];
        int[] identity = new int[n];
        for (int i = 0; i < n; i++) {
            Sequence s = running.get(i);
            tokens[i] = s.lastToken();
            positions[i] = s.position();
            rows[i] = s.rows;
            identity[i] = i;
        }
        try (NDScope scope = new NDScope(); NDManager step = manager.newSubManager()) {
            NDArray logits = model.decode(step, cache, tokens, positions, rows);
            int[] next = sample(step, logits, running, identity);
            for (int i = 0; i < n; i++) {
                advance(running.get(i), next[i]);
            }
        }
    }

    /**
     * Picks each sequence's next token from logits row {@code rowOf[i]}: softmax at the sequence's temperature and
     * the 64 most likely tokens on the engine, the draw in Java from the sequence's seed and step ({@link Sampler}).
     */
    private int[] sample(NDManager step, NDArray logits, List<Sequence> seqs, int[] rowOf) {
        int n = seqs.size();
        long[] rowIds = new long[n];
        float[] inverseTemperature = new float[n];
        boolean identity = logits.getShape().get(0) == n;
        boolean allGreedy = true;
        for (int i = 0; i < n; i++) {
            rowIds[i] = rowOf[i];
            identity &= rowOf[i] == i;
            SamplingParams p = seqs.get(i).sampling;
            allGreedy &= p.isGreedy();
            inverseTemperature[i] = p.isGreedy() ? 1f : (float) (1.0 / p.temperature());
        }
        NDArray rows = identity ? logits : logits.get(new NDIndex("{}", step.create(rowIds)));
        if (allGreedy) {
            // No probabilities needed: a softmax and top-k over the whole vocabulary cost ~3 ms a step at 16 rows.
            long[] best = rows.argMax(-1).toLongArray();
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = (int) best[i];
            }
            return out;
        }
        NDArray probs = rows.mul(step.create(inverseTemperature, new Shape(n, 1))).softmax(-1);
        int k = (int) Math.min(Sampler.CANDIDATES, probs.getShape().get(1));
        NDList top = probs.topK(k, -1, true, true);
        float[] topProbs = top.get(0).toFloatArray();
        long[] topIds = top.get(1).toLongArray();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            SamplingParams p = seqs.get(i).sampling;
            if (p.isGreedy()) {
                out[i] = (int) topIds[i * k];
                continue;
            }
            float[] rowProbs = Arrays.copyOfRange(topProbs, i * k, (i + 1) * k);
            int[] rowIdsTop = new int[k];
            for (int j = 0; j < k; j++) {
                rowIdsTop[j] = (int) topIds[i * k + j];
            }
            int row = i;
            out[i] = Sampler.choose(rowProbs, rowIdsTop, p.topK(), p.topP(), p.seed(), seqs.get(i).step(),
                    () -> probs.get(row).toFloatArray());
        }
        return out;
    }

    private void advance(Sequence s, int token) {
        generatedTotal.incrementAndGet();
        if (s.accept(token)) {
            free(s);
            completedTotal.incrementAndGet();
            s.complete();
        }
    }

    private void free(Sequence s) {
        if (s.slot >= 0) {
            slots[s.slot] = null;
            s.slot = -1;
        }
        if (s.rows != null) {
            blocks.release(s.rows);
            s.rows = null;
        }
        publishStats(); // before the future completes, so a caller sees its request gone
    }

    private void retire(Sequence s, String reason) {
        free(s);
        completedTotal.incrementAndGet();
        s.fail(reason);
    }

    private List<Sequence> running() {
        List<Sequence> out = new ArrayList<>(slots.length);
        for (Sequence s : slots) {
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private static List<Sequence> flatten(List<List<Sequence>> groups) {
        List<Sequence> out = new ArrayList<>();
        groups.forEach(out::addAll);
        return out;
    }

    private void die(String reason) {
        LOG.error("engine {} is dead: {}", info.name(), reason);
        synchronized (lock) {
            deadReason = reason;
        }
    }

    private void failAll(String reason) {
        synchronized (lock) {
            incoming.drainTo(waiting);
        }
        for (Sequence s : running()) {
            retire(s, reason);
        }
        for (Sequence s : waiting) {
            completedTotal.incrementAndGet();
            s.fail(reason);
        }
        waiting.clear();
    }

    private void publishStats() {
        waitingCount = waiting.size();
        int running = 0;
        for (Sequence s : slots) {
            if (s != null) {
                running++;
            }
        }
        runningCount = running;
        kvUsed = blocks.usedTokens();
    }
}
