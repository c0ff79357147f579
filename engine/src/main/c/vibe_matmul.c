/*
 * The CPU engine's products y = x W^T + b for the rows of x (a decode step: one per sequence in the batch), on
 * every core.
 *
 * Why not libtorch (MKL): a decode step multiplies 1-64 rows by every weight once. MKL runs a matrix-vector product
 * on one thread (the other cores idle while the weights stream at one core's read rate), and for 16 rows it first
 * copies the weights into packed panels, which streams them through memory twice.
 *
 * Here the weights are packed once, when bound: W [out, in] becomes panels of 64 output columns, each [in][64]
 * contiguous (W transposed, a panel at a time; the last one zero-padded). A panel is one sequential stream, and
 * 6 rows of x against it keep 24 AVX-512 accumulators of y busy with no horizontal sums: for each k, the 64
 * weights of row k times x[r][k] broadcast. Each thread takes a range of panels, so the weights are read once a
 * product, whatever the number of rows. Measured on the 2-core AMD EPYC this project runs on, all of
 * qwen2.5-0.5b's projections in one step: 1 row 27 -> 24 ms, 16 rows ~74 -> 50 ms, against a first kernel on the
 * checkpoint's [out, in] layout (dot products with horizontal sums); MKL's measured rates come to ~55 and ~95 ms.
 *
 * A product may concatenate several matrices along the output (q, k and v; gate and up); they are packed as one.
 *
 * Threads: the caller works too; the other threads spin (yielding the core to anything else runnable) for a while
 * after each product, since a decode step's next product comes within microseconds, then sleep on a futex.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <immintrin.h>
#include <jni.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MAX_SEGMENTS 4
#define MAX_THREADS 64
#define ROWS_PER_PASS 6
/* How long an idle thread spins before it sleeps: longer than the gaps between one decode step's products and between
 * steps (with a 0.2 ms spin, the products of a batch-1 step measured ~1.3x slower). */
#define SPIN_NANOS 5000000L

#define PANEL 64

typedef struct {
    int in;
    int out;
    int panels;
    float *packed;   /* panels x [in][PANEL] */
    float *bias;     /* [panels * PANEL], zeros where a matrix has none and past out */
} matrix_t;

/* ---------------------------------------------------------------------------------------------------------------
 * The kernel.
 * ------------------------------------------------------------------------------------------------------------- */

#define TARGET __attribute__((target("avx512f")))

/* Mask of the first n (0..16) lanes. */
static inline __mmask16 lanes(int n) {
    return n >= 16 ? (__mmask16) 0xFFFF : n <= 0 ? 0 : (__mmask16) ((1u << n) - 1);
}

/* y[r][0..cols) = x[r] . panel + bias for n (<= 6) rows; y's rows are ldy floats apart. */
TARGET static inline __attribute__((always_inline)) void pass(int n, const float *x, int in, const float *panel,
        const float *bias, float *y, int ldy, int cols) {
    __m512 acc[ROWS_PER_PASS][4];
    for (int r = 0; r < n; r++) {
        for (int c = 0; c < 4; c++) {
            acc[r][c] = _mm512_load_ps(bias + 16 * c);
        }
    }
    for (int k = 0; k < in; k++) {
        const float *wk = panel + (size_t) k * PANEL;
        __m512 w0 = _mm512_load_ps(wk), w1 = _mm512_load_ps(wk + 16);
        __m512 w2 = _mm512_load_ps(wk + 32), w3 = _mm512_load_ps(wk + 48);
        for (int r = 0; r < n; r++) {
            __m512 xb = _mm512_set1_ps(x[(size_t) r * in + k]);
            acc[r][0] = _mm512_fmadd_ps(xb, w0, acc[r][0]);
            acc[r][1] = _mm512_fmadd_ps(xb, w1, acc[r][1]);
            acc[r][2] = _mm512_fmadd_ps(xb, w2, acc[r][2]);
            acc[r][3] = _mm512_fmadd_ps(xb, w3, acc[r][3]);
        }
    }
    for (int r = 0; r < n; r++) {
        for (int c = 0; c < 4; c++) {
            _mm512_mask_storeu_ps(y + (size_t) r * ldy + 16 * c, lanes(cols - 16 * c), acc[r][c]);
        }
    }
}

/* One row: two sets of accumulators over even and odd k, so the additions into one do not wait on each other. */
TARGET static void single_row(const float *x, int in, const float *panel, const float *bias, float *y, int cols) {
    __m512 even[4], odd[4];
    for (int c = 0; c < 4; c++) {
        even[c] = _mm512_load_ps(bias + 16 * c);
        odd[c] = _mm512_setzero_ps();
    }
    int k = 0;
    for (; k + 2 <= in; k += 2) {
        const float *wk = panel + (size_t) k * PANEL;
        __m512 x0 = _mm512_set1_ps(x[k]), x1 = _mm512_set1_ps(x[k + 1]);
        for (int c = 0; c < 4; c++) {
            even[c] = _mm512_fmadd_ps(x0, _mm512_load_ps(wk + 16 * c), even[c]);
            odd[c] = _mm512_fmadd_ps(x1, _mm512_load_ps(wk + PANEL + 16 * c), odd[c]);
        }
    }
    if (k < in) {
        __m512 x0 = _mm512_set1_ps(x[k]);
        for (int c = 0; c < 4; c++) {
            even[c] = _mm512_fmadd_ps(x0, _mm512_load_ps(panel + (size_t) k * PANEL + 16 * c), even[c]);
        }
    }
    for (int c = 0; c < 4; c++) {
        _mm512_mask_storeu_ps(y + 16 * c, lanes(cols - 16 * c), _mm512_add_ps(even[c], odd[c]));
    }
}

/* Panels [p0, p1) for every row. */
TARGET static void panels(const matrix_t *m, const float *x, int rows, float *y, int p0, int p1) {
    for (int p = p0; p < p1; p++) {
        const float *panel = m->packed + (size_t) p * m->in * PANEL;
        const float *bias = m->bias + (size_t) p * PANEL;
        int cols = m->out - p * PANEL < PANEL ? m->out - p * PANEL : PANEL;
        if (rows == 1) {
            single_row(x, m->in, panel, bias, y + (size_t) p * PANEL, cols);
            continue;
        }
        for (int r0 = 0; r0 < rows; r0 += ROWS_PER_PASS) {
            const float *xr = x + (size_t) r0 * m->in;
            float *yr = y + (size_t) r0 * m->out + (size_t) p * PANEL;
            /* A constant row count per call, so the accumulators stay in registers. */
            switch (rows - r0 < ROWS_PER_PASS ? rows - r0 : ROWS_PER_PASS) {
                case 6: pass(6, xr, m->in, panel, bias, yr, m->out, cols); break;
                case 5: pass(5, xr, m->in, panel, bias, yr, m->out, cols); break;
                case 4: pass(4, xr, m->in, panel, bias, yr, m->out, cols); break;
                case 3: pass(3, xr, m->in, panel, bias, yr, m->out, cols); break;
                case 2: pass(2, xr, m->in, panel, bias, yr, m->out, cols); break;
                default: pass(1, xr, m->in, panel, bias, yr, m->out, cols); break;
            }
        }
    }
}

/* Packs the matrices weight[s] [out[s], in] (and their biases, or NULL) as one. NULL if out of memory. */
static matrix_t *pack(int in, int segments, const float *const *weight, const float *const *bias, const int *out) {
    matrix_t *m = calloc(1, sizeof *m);
    if (m == NULL) {
        return NULL;
    }
    m->in = in;
    for (int s = 0; s < segments; s++) {
        m->out += out[s];
    }
    m->panels = (m->out + PANEL - 1) / PANEL;
    size_t floats = (size_t) m->panels * PANEL * in;
    size_t bytes = floats * sizeof(float);
    /* 2 MiB alignment lets the kernel back big matrices with huge pages: fewer TLB misses while streaming. */
    if (posix_memalign((void **) &m->packed, bytes >= (2u << 20) ? (2u << 20) : 64, bytes) != 0
            || posix_memalign((void **) &m->bias, 64, (size_t) m->panels * PANEL * sizeof(float)) != 0) {
        free(m->packed);
        free(m);
        return NULL;
    }
    if (bytes >= (2u << 20)) {
        madvise(m->packed, bytes, MADV_HUGEPAGE);
    }
    memset(m->bias, 0, (size_t) m->panels * PANEL * sizeof(float));
    int j = 0;   /* output column across the concatenation */
    for (int s = 0; s < segments; s++) {
        for (int row = 0; row < out[s]; row++, j++) {
            float *dst = m->packed + (size_t) (j / PANEL) * in * PANEL + j % PANEL;
            const float *src = weight[s] + (size_t) row * in;
            for (int k = 0; k < in; k++) {
                dst[(size_t) k * PANEL] = src[k];
            }
            if (bias[s] != NULL) {
                m->bias[j] = bias[s][row];
            }
        }
    }
    for (; j < m->panels * PANEL; j++) {   /* the last panel's padding */
        float *dst = m->packed + (size_t) (j / PANEL) * in * PANEL + j % PANEL;
        for (int k = 0; k < in; k++) {
            dst[(size_t) k * PANEL] = 0.0f;
        }
    }
    return m;
}

static void release(matrix_t *m) {
    if (m != NULL) {
        free(m->packed);
        free(m->bias);
        free(m);
    }
}

/* ---------------------------------------------------------------------------------------------------------------
 * The threads.
 * ------------------------------------------------------------------------------------------------------------- */

static struct {
    const matrix_t *matrix;
    const float *x;
    float *y;
    int rows;
} job;
static int threads = 1;
static atomic_int generation;   /* bumped once per product; workers wait for it to move */
static atomic_int finished;     /* workers done with the current generation */
static pthread_mutex_t callers = PTHREAD_MUTEX_INITIALIZER;

static long nanos(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

/* Thread t's share of the panels. */
static void share(int t, int total, int *p0, int *p1) {
    *p0 = (int) ((long) total * t / threads);
    *p1 = (int) ((long) total * (t + 1) / threads);
}

static void *worker(void *arg) {
    int t = (int) (intptr_t) arg;
    int seen = atomic_load(&generation);
    for (;;) {
        int g;
        long spin_start = nanos();
        int spins = 0;
        while ((g = atomic_load_explicit(&generation, memory_order_acquire)) == seen) {
            if ((++spins & 63) == 0 && nanos() - spin_start > SPIN_NANOS) {
                syscall(SYS_futex, &generation, FUTEX_WAIT_PRIVATE, seen, NULL, NULL, 0);
                spin_start = nanos();
            } else {
                sched_yield();
            }
        }
        seen = g;
        int p0, p1;
        share(t, job.matrix->panels, &p0, &p1);
        panels(job.matrix, job.x, job.rows, job.y, p0, p1);
        atomic_fetch_add_explicit(&finished, 1, memory_order_release);
    }
    return NULL;
}

static pthread_once_t started = PTHREAD_ONCE_INIT;
static int requested_threads = 1;

static void start_workers(void) {
    int n = requested_threads < 1 ? 1 : requested_threads > MAX_THREADS ? MAX_THREADS : requested_threads;
    threads = 1;
    for (int t = 1; t < n; t++) {
        pthread_t id;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        if (pthread_create(&id, &attr, worker, (void *) (intptr_t) t) != 0) {
            pthread_attr_destroy(&attr);
            break;   /* run with the threads we have */
        }
        pthread_attr_destroy(&attr);
        threads++;
    }
}

static void multiply(const matrix_t *m, const float *x, int rows, float *y) {
    pthread_mutex_lock(&callers);
    if (threads == 1) {
        panels(m, x, rows, y, 0, m->panels);
        pthread_mutex_unlock(&callers);
        return;
    }
    job.matrix = m;
    job.x = x;
    job.y = y;
    job.rows = rows;
    atomic_store_explicit(&finished, 0, memory_order_relaxed);
    atomic_fetch_add_explicit(&generation, 1, memory_order_release);
    syscall(SYS_futex, &generation, FUTEX_WAKE_PRIVATE, MAX_THREADS, NULL, NULL, 0);
    int p0, p1;
    share(0, m->panels, &p0, &p1);
    panels(m, x, rows, y, p0, p1);
    while (atomic_load_explicit(&finished, memory_order_acquire) != threads - 1) {
        _mm_pause();
    }
    pthread_mutex_unlock(&callers);
}

/* ---------------------------------------------------------------------------------------------------------------
 * JNI: dev.vibe.engine.cpu.NativeMatmul.
 * ------------------------------------------------------------------------------------------------------------- */

JNIEXPORT jboolean JNICALL Java_dev_vibe_engine_cpu_NativeMatmul_supported(JNIEnv *env, jclass cls) {
    (void) env;
    (void) cls;
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") ? JNI_TRUE : JNI_FALSE;
}

JNIEXPORT jint JNICALL Java_dev_vibe_engine_cpu_NativeMatmul_start(JNIEnv *env, jclass cls, jint n) {
    (void) env;
    (void) cls;
    requested_threads = n;
    pthread_once(&started, start_workers);
    return threads;
}

JNIEXPORT jlong JNICALL Java_dev_vibe_engine_cpu_NativeMatmul_address(JNIEnv *env, jclass cls, jobject buffer) {
    (void) cls;
    return (jlong) (intptr_t) (*env)->GetDirectBufferAddress(env, buffer);
}

JNIEXPORT jlong JNICALL Java_dev_vibe_engine_cpu_NativeMatmul_bind(JNIEnv *env, jclass cls, jint in,
        jlongArray weights, jlongArray biases, jintArray outs) {
    (void) cls;
    jsize n = (*env)->GetArrayLength(env, weights);
    if (n < 1 || n > MAX_SEGMENTS) {
        return 0;
    }
    jlong w[MAX_SEGMENTS], b[MAX_SEGMENTS];
    jint o[MAX_SEGMENTS];
    (*env)->GetLongArrayRegion(env, weights, 0, n, w);
    (*env)->GetLongArrayRegion(env, biases, 0, n, b);
    (*env)->GetIntArrayRegion(env, outs, 0, n, o);
    const float *weight[MAX_SEGMENTS], *bias[MAX_SEGMENTS];
    int out[MAX_SEGMENTS];
    for (int s = 0; s < n; s++) {
        weight[s] = (const float *) (intptr_t) w[s];
        bias[s] = (const float *) (intptr_t) b[s];
        out[s] = o[s];
    }
    return (jlong) (intptr_t) pack(in, n, weight, bias, out);
}

JNIEXPORT void JNICALL Java_dev_vibe_engine_cpu_NativeMatmul_release(JNIEnv *env, jclass cls, jlong matrix) {
    (void) env;
    (void) cls;
    release((matrix_t *) (intptr_t) matrix);
}

JNIEXPORT void JNICALL Java_dev_vibe_engine_cpu_NativeMatmul_nativeMultiply(JNIEnv *env, jclass cls, jlong matrix,
        jobject x, jint rows, jobject y) {
    (void) cls;
    multiply((const matrix_t *) (intptr_t) matrix, (const float *) (*env)->GetDirectBufferAddress(env, x), rows,
            (float *) (*env)->GetDirectBufferAddress(env, y));
}
