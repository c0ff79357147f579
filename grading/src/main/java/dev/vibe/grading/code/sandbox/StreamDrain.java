package dev.vibe.grading.code.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads one of a child's streams to its end on its own thread, so a child that fills one pipe never blocks on it
 * while we wait on the other. Keeps the head up to a cap (stdout) or a rolling tail (stderr).
 */
final class StreamDrain implements Runnable {

    private final InputStream in;
    private final int cap;
    private final boolean keepTail;
    private final Runnable onOverflow;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private final byte[] tail;
    private long total;
    private volatile boolean overflow;
    private final Thread thread;

    private StreamDrain(String name, InputStream in, int cap, boolean keepTail, Runnable onOverflow) {
        this.in = in;
        this.cap = cap;
        this.keepTail = keepTail;
        this.onOverflow = onOverflow;
        this.tail = keepTail ? new byte[cap] : new byte[0];
        this.thread = new Thread(this, name);
        thread.setDaemon(true);
    }

    /** Keeps the first {@code cap} bytes; past that, calls {@code onOverflow} once and discards the rest. */
    static StreamDrain head(String name, InputStream in, int cap, Runnable onOverflow) {
        StreamDrain d = new StreamDrain(name, in, cap, false, onOverflow);
        d.thread.start();
        return d;
    }

    /** Keeps the last {@code cap} bytes. */
    static StreamDrain tail(String name, InputStream in, int cap) {
        StreamDrain d = new StreamDrain(name, in, cap, true, () -> { });
        d.thread.start();
        return d;
    }

    @Override
    public void run() {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                accept(buf, n);
            }
        } catch (IOException e) {
            // the pipe closes when the tree is killed: what was read so far is the result
        }
    }

    private synchronized void accept(byte[] buf, int n) {
        if (keepTail) {
            for (int i = 0; i < n; i++) {
                tail[(int) ((total + i) % cap)] = buf[i];
            }
            total += n;
            return;
        }
        int room = (int) Math.max(0, cap - total);
        head.write(buf, 0, Math.min(room, n));
        total += n;
        if (total > cap && !overflow) {
            overflow = true;
            onOverflow.run();
        }
    }

    /** Waits up to {@code millis} for the stream to end. */
    void await(long millis) throws InterruptedException {
        thread.join(millis);
    }

    boolean overflow() {
        return overflow;
    }

    synchronized byte[] bytes() {
        if (!keepTail) {
            return head.toByteArray();
        }
        int len = (int) Math.min(total, cap);
        byte[] out = new byte[len];
        long start = total - len;
        for (int i = 0; i < len; i++) {
            out[i] = tail[(int) ((start + i) % cap)];
        }
        return out;
    }

    String text() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }
}
