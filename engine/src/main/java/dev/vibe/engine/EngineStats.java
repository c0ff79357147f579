package dev.vibe.engine;

/**
 * A snapshot of the engine's scheduler.
 *
 * @param waiting requests queued, not yet admitted
 * @param running requests holding a slot
 * @param slots slot count
 * @param kvTokensUsed KV-cache tokens reserved by running requests
 * @param kvTokensCapacity KV-cache tokens in the pool
 * @param promptTokensTotal prompt tokens prefilled since start
 * @param generatedTokensTotal tokens generated since start
 * @param completedTotal requests finished since start (any finish reason)
 */
public record EngineStats(
        int waiting,
        int running,
        int slots,
        long kvTokensUsed,
        long kvTokensCapacity,
        long promptTokensTotal,
        long generatedTokensTotal,
        long completedTotal) {

    public double slotOccupancy() {
        return slots == 0 ? 0 : (double) running / slots;
    }

    public double kvCacheUse() {
        return kvTokensCapacity == 0 ? 0 : (double) kvTokensUsed / kvTokensCapacity;
    }
}
