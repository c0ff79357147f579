package dev.vibe.engine.generate;

import java.util.ArrayDeque;

/**
 * Hands out the KV pool's rows in fixed blocks, so sequences of any length share one pool without fragmentation.
 * A sequence reserves all the blocks it may need on admission (prompt + max new tokens, capped by the context), so
 * it can never run out mid-generation. Used by the scheduler thread only.
 */
final class KvBlocks {

    static final int BLOCK = 16;

    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    private final int blocks;

    /** A pool of {@code rows} rows; the tail that does not fill a block is unused. */
    KvBlocks(int rows) {
        this.blocks = rows / BLOCK;
        for (int b = 0; b < blocks; b++) {
            free.add(b);
        }
    }

    static int blocksFor(int tokens) {
        return (tokens + BLOCK - 1) / BLOCK;
    }

    /** Tokens the pool can hold. */
    long capacityTokens() {
        return (long) blocks * BLOCK;
    }

    long usedTokens() {
        return (long) (blocks - free.size()) * BLOCK;
    }

    boolean canReserve(int tokens) {
        return blocksFor(tokens) <= free.size();
    }

    /** The cache row of each of {@code tokens} positions, from freshly reserved blocks. */
    long[] reserve(int tokens) {
        int n = blocksFor(tokens);
        if (n > free.size()) {
            throw new IllegalStateException("KV pool exhausted: need " + n + " blocks, " + free.size() + " free");
        }
        long[] rows = new long[tokens];
        for (int b = 0; b < n; b++) {
            long base = (long) free.poll() * BLOCK;
            for (int j = 0; j < BLOCK && b * BLOCK + j < tokens; j++) {
                rows[b * BLOCK + j] = base + j;
            }
        }
        return rows;
    }

    /** Returns the blocks behind rows handed out by {@link #reserve}. */
    void release(long[] rows) {
        for (int b = 0; b < rows.length; b += BLOCK) {
            free.add((int) (rows[b] / BLOCK));
        }
    }
}
