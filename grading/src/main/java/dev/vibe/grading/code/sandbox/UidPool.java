package dev.vibe.grading.code.sandbox;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The bounded pool of concurrent sandboxes: one unprivileged uid per slot. RLIMIT_NPROC counts the processes of a
 * uid, so a uid per concurrent sandbox keeps one program's fork bomb from starving its neighbours.
 */
final class UidPool {

    private final BlockingQueue<Integer> free;
    private final int base;
    private final int size;

    UidPool(int base, int size) {
        if (base < 1000 || size < 1 || base + size > 65534) {
            throw new IllegalArgumentException("sandbox uids " + base + ".." + (base + size - 1)
                    + " must be unprivileged (>= 1000) and below 65534");
        }
        this.base = base;
        this.size = size;
        this.free = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            free.add(base + i);
        }
    }

    int acquire() throws InterruptedException {
        return free.take();
    }

    void release(int uid) {
        free.add(uid);
    }

    boolean contains(int uid) {
        return uid >= base && uid < base + size;
    }

    int base() {
        return base;
    }

    int size() {
        return size;
    }
}
