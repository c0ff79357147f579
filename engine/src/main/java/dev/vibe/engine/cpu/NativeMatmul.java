package dev.vibe.engine.cpu;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CPU engine's products {@code y = x W^T + b}, on every core, reading {@code W} once a product from a copy
 * packed for it when bound (see {@code src/main/c/vibe_matmul.c} for the layout and why MKL falls short at a decode
 * step's few rows). Float32 only, Linux x86-64 with AVX-512F; elsewhere {@link #status()} says why not and the
 * engine multiplies with libtorch.
 *
 * <p>Set the environment variable {@value #DISABLE_ENV} (or the system property {@value #DISABLE_PROPERTY}) to
 * {@code true} to keep it out; {@value #THREADS_ENV} sets its thread count (default: the processors available to the
 * JVM).
 */
public final class NativeMatmul {

    /** Environment variable that, set to {@code true}, keeps the native products out. */
    public static final String DISABLE_ENV = "VIBE_DISABLE_NATIVE_MATMUL";
    /** System property that, set to {@code true}, keeps the native products out. */
    public static final String DISABLE_PROPERTY = "vibe.disableNativeMatmul";
    /** Environment variable with the number of threads the products run on. */
    public static final String THREADS_ENV = "VIBE_MATMUL_THREADS";

    /** Most rows of {@code x} one call takes (a decode step's batch; more rows are more calls, as in prefill). */
    public static final int MAX_ROWS = 64;
    /** Most matrices one product concatenates along its output. */
    public static final int MAX_SEGMENTS = 4;

    static final String LIBRARY = "vibe_matmul";

    private static final Logger LOG = LoggerFactory.getLogger(NativeMatmul.class);
    private static final Cleaner CLEANER = Cleaner.create();
    private static Status status;

    /** Whether the native products are in. */
    public enum State {
        /** Loaded and running on {@link Status#threads()} threads. */
        ACTIVE,
        /** Turned off by {@value #DISABLE_ENV} or {@value #DISABLE_PROPERTY}. */
        DISABLED,
        /** Not Linux on x86-64, or a CPU without AVX-512F. */
        UNSUPPORTED,
        /** This build has no native library (it was built without a C compiler). */
        NOT_BUNDLED,
        /** Loading failed; {@link Status#detail()} says why. */
        FAILED
    }

    /** @param threads the threads products run on, 0 unless active */
    public record Status(State state, String detail, int threads) {

        public boolean active() {
            return state == State.ACTIVE;
        }

        /** One line for logs and benchmark headers. */
        public String describe() {
            return "native matmul " + state.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + detail;
        }
    }

    private NativeMatmul() {
    }

    /** Loads the library once per class loader; later calls return the first call's status. */
    public static synchronized Status status() {
        if (status == null) {
            status = load();
            NativeLibraries.report(LOG, status.state() == State.FAILED, status.describe());
        }
        return status;
    }

    private static Status load() {
        if (NativeLibraries.flag(DISABLE_ENV, DISABLE_PROPERTY)) {
            return new Status(State.DISABLED, "turned off by " + DISABLE_ENV + " or -D" + DISABLE_PROPERTY, 0);
        }
        if (!NativeLibraries.linuxX86()) {
            return new Status(State.UNSUPPORTED, "not Linux on x86-64", 0);
        }
        try {
            if (!NativeLibraries.load(LIBRARY)) {
                return new Status(State.NOT_BUNDLED, "this build has no " + NativeLibraries.resource(LIBRARY)
                        + " (built without a C compiler)", 0);
            }
            if (!supported()) {
                return new Status(State.UNSUPPORTED, "this CPU has no AVX-512F", 0);
            }
            int threads = start(requestedThreads());
            return new Status(State.ACTIVE, "AVX-512F, " + threads + " threads", threads);
        } catch (IOException | UnsatisfiedLinkError | SecurityException e) {
            return new Status(State.FAILED, "cannot load " + NativeLibraries.resource(LIBRARY) + ": "
                    + e.getMessage(), 0);
        }
    }

    private static int requestedThreads() {
        String value = System.getenv(THREADS_ENV);
        if (value != null && !value.isBlank()) {
            try {
                int n = Integer.parseInt(value.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // fall through to the warning
            }
            LOG.warn("{}={} is not a positive thread count; using the available processors", THREADS_ENV, value);
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Packs the matrices {@code W_s [outs[s], in]} (float32, contiguous, native byte order) and their optional
     * biases {@code [outs[s]]}, concatenated along the output, into native memory for products with
     * {@link Matrix#multiply}: a copy the size of the matrices, freed when the matrix is closed or unreachable.
     *
     * @throws IllegalStateException if the native products are not {@link #status() active}
     * @throws IllegalArgumentException if a buffer is not direct or not of the size its shape says
     */
    public static Matrix bind(int in, List<ByteBuffer> weights, List<ByteBuffer> biases, int[] outs) {
        if (!status().active()) {
            throw new IllegalStateException(status().describe());
        }
        int segments = weights.size();
        if (segments < 1 || segments > MAX_SEGMENTS || biases.size() != segments || outs.length != segments) {
            throw new IllegalArgumentException("1 to " + MAX_SEGMENTS + " matrices, each with a bias (or null) and an"
                    + " output size; got " + segments + ", " + biases.size() + ", " + outs.length);
        }
        if (in < 1) {
            throw new IllegalArgumentException("in must be positive, got " + in);
        }
        long[] weightAddresses = new long[segments];
        long[] biasAddresses = new long[segments];
        int totalOut = 0;
        for (int s = 0; s < segments; s++) {
            weightAddresses[s] = address(weights.get(s), (long) in * outs[s], "matrix " + s);
            ByteBuffer bias = biases.get(s);
            biasAddresses[s] = bias == null ? 0 : address(bias, outs[s], "bias " + s);
            totalOut = Math.addExact(totalOut, outs[s]);
        }
        long handle = bind(in, weightAddresses, biasAddresses, outs);
        if (handle == 0) {
            throw new OutOfMemoryError("cannot allocate " + (long) in * totalOut * Float.BYTES
                    + " bytes of native memory for a packed matrix");
        }
        return new Matrix(handle, in, totalOut);
    }

    private static long address(ByteBuffer buffer, long floats, String what) {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException(what + " is not in a direct buffer");
        }
        if (buffer.capacity() != floats * Float.BYTES) {
            throw new IllegalArgumentException(what + " has " + buffer.capacity() + " bytes, its shape says "
                    + floats * Float.BYTES);
        }
        return address(buffer);
    }

    /** Matrices packed for products; the native copy is freed when it is closed or unreachable. */
    public static final class Matrix implements AutoCloseable {
        private final int in;
        private final int out;
        private final Cleaner.Cleanable cleanable;
        private final long handle;
        private volatile boolean closed;

        private Matrix(long handle, int in, int out) {
            this.handle = handle;
            this.in = in;
            this.out = out;
            this.cleanable = CLEANER.register(this, () -> release(handle));
        }

        /** Input size: columns of each matrix. */
        public int in() {
            return in;
        }

        /** Output size: the matrices' rows, all together. */
        public int out() {
            return out;
        }

        /**
         * {@code y[r] = concat_s(x[r] W_s^T + b_s)} for {@code rows} rows: {@code x} holds {@code rows * in()} floats,
         * {@code y} room for {@code rows * out()}, both direct, in native byte order.
         */
        public void multiply(ByteBuffer x, int rows, ByteBuffer y) {
            if (rows < 1 || rows > MAX_ROWS) {
                throw new IllegalArgumentException("rows must be 1.." + MAX_ROWS + ", got " + rows);
            }
            if (!x.isDirect() || !y.isDirect()) {
                throw new IllegalArgumentException("x and y must be direct buffers");
            }
            if (x.capacity() < (long) rows * in * Float.BYTES || y.capacity() < (long) rows * out * Float.BYTES) {
                throw new IllegalArgumentException(rows + " rows need " + (long) rows * in * Float.BYTES
                        + " bytes of x and " + (long) rows * out * Float.BYTES + " of y; got " + x.capacity()
                        + " and " + y.capacity());
            }
            if (closed) {
                throw new IllegalStateException("matrix closed");
            }
            nativeMultiply(handle, x, rows, y);
            Reference.reachabilityFence(this); // the cleaner must not free the packed copy during the call
        }

        @Override
        public void close() {
            closed = true;
            cleanable.clean();
        }
    }

    private static native boolean supported();

    private static native int start(int threads);

    private static native long address(ByteBuffer buffer);

    private static native long bind(int in, long[] weights, long[] biases, int[] outs);

    private static native void release(long matrix);

    private static native void nativeMultiply(long matrix, ByteBuffer x, int rows, ByteBuffer y);
}
