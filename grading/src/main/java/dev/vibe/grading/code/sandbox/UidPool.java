package dev.vibe.grading.code.sandbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The bounded pool of concurrent sandboxes: one unprivileged uid per slot. RLIMIT_NPROC counts the processes of a
 * uid, so a uid per concurrent sandbox keeps one program's fork bomb from starving its neighbours, and a uid must
 * never be shared with another judge: each is reserved host-wide with a lock file (two TaskManagers or a CLI run
 * on one host pick disjoint uids), and released by {@link #close()} or when the JVM exits.
 */
final class UidPool implements AutoCloseable {

    /** Host-wide folder of the uid lock files (fixed, so that every JVM on the host sees the same locks). */
    static final Path LOCK_DIR = Path.of("/tmp/vibe-judge-uids");
    /** How far above the base we look for free uids. */
    private static final int SEARCH_SPAN = 1024;

    private final BlockingQueue<Integer> free;
    private final List<Integer> reserved = new ArrayList<>();
    private final List<FileChannel> locks = new ArrayList<>();

    UidPool(int base, int size) {
        if (base < 1000 || size < 1 || base + SEARCH_SPAN > 65534) {
            throw new IllegalArgumentException("sandbox uids from " + base + " must be unprivileged (>= 1000) and "
                    + "leave room below 65534 (base <= " + (65534 - SEARCH_SPAN) + ")");
        }
        this.free = new ArrayBlockingQueue<>(size);
        try {
            Files.createDirectories(LOCK_DIR);
        } catch (IOException e) {
            throw new SandboxUnavailableException("cannot create " + LOCK_DIR + ": " + e.getMessage());
        }
        for (int uid = base; uid < base + SEARCH_SPAN && reserved.size() < size; uid++) {
            if (tryReserve(uid)) {
                reserved.add(uid);
                free.add(uid);
            }
        }
        if (reserved.size() < size) {
            close();
            throw new SandboxUnavailableException("cannot reserve " + size + " free sandbox uids from " + base);
        }
    }

    /** Locks the uid's file unless another judge holds it, and checks that no process runs as the uid. */
    private boolean tryReserve(int uid) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(LOCK_DIR.resolve("uid-" + uid + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null && Sandbox.processesOf(uid, uid + 1).isEmpty()) {
                locks.add(channel);
                return true;
            }
        } catch (IOException | OverlappingFileLockException e) {
            // held by this JVM's other judge, or not lockable: try the next uid
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was reserved through it
            }
        }
        return false;
    }

    int acquire() throws InterruptedException {
        return free.take();
    }

    void release(int uid) {
        free.add(uid);
    }

    /** The reserved uids. */
    List<Integer> uids() {
        return List.copyOf(reserved);
    }

    @Override
    public synchronized void close() {
        for (FileChannel c : locks) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing releases the lock; a failure leaves it to the JVM's exit
            }
        }
        locks.clear();
    }
}
