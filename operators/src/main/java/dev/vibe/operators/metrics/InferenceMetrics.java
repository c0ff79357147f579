package dev.vibe.operators.metrics;

import dev.vibe.engine.EngineStats;
import java.util.function.Supplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;

/**
 * The inference operator's Flink metrics, in its own operator group:
 * <ul>
 *   <li>{@code generatedTokens} (Counter) and {@code generatedTokensPerSecond} (Meter, 60 s window): tokens this
 *       subtask's requests produced;
 *   <li>{@code requestsInFlight} (Gauge): requests this subtask submitted that have not come back;
 *   <li>{@code engineQueueDepth}, {@code engineSlotOccupancy}, {@code engineKvCacheUse} (Gauges): the shared
 *       engine's state, the same for every subtask that shares it.
 * </ul>
 */
public final class InferenceMetrics {

    private final Counter generatedTokens;
    private final Counter inFlightCounter;

    private InferenceMetrics(Counter generatedTokens, Counter inFlightCounter) {
        this.generatedTokens = generatedTokens;
        this.inFlightCounter = inFlightCounter;
    }

    /** Registers the metrics; {@code stats} reads the shared engine's state. */
    public static InferenceMetrics register(MetricGroup group, Supplier<EngineStats> stats) {
        Counter tokens = group.counter("generatedTokens");
        group.meter("generatedTokensPerSecond", new MeterView(tokens));
        Counter inFlight = new org.apache.flink.metrics.SimpleCounter();
        group.gauge("requestsInFlight", (Gauge<Long>) inFlight::getCount);
        group.gauge("engineQueueDepth", (Gauge<Integer>) () -> stats.get().waiting());
        group.gauge("engineSlotOccupancy", (Gauge<Double>) () -> stats.get().slotOccupancy());
        group.gauge("engineKvCacheUse", (Gauge<Double>) () -> stats.get().kvCacheUse());
        return new InferenceMetrics(tokens, inFlight);
    }

    public void submitted() {
        inFlightCounter.inc();
    }

    public void finished(int completionTokens) {
        inFlightCounter.dec();
        generatedTokens.inc(completionTokens);
    }

    public long inFlight() {
        return inFlightCounter.getCount();
    }
}
