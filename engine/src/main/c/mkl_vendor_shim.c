/*
 * libtorch's CPU matrix products run on the oneMKL linked into libtorch_cpu.so. MKL chooses its tuned kernels
 * (AVX2, AVX-512) only where mkl_serv_intel_cpu_true() says the CPU is an Intel one; on an AMD CPU with the same
 * instruction sets it takes its generic path, about half as fast for the engine's products (measured on an AMD
 * EPYC with AVX-512: matrix-vector 15 -> 31 GB/s, batch-16 products 55 -> 105 GFLOP/s). MKL still checks each
 * instruction set by CPUID; only the vendor test is answered here.
 *
 * libtorch_cpu.so exports the function and binds its own calls to it lazily, through the global scope first. The
 * JVM loads libraries with RTLD_LOCAL, so the constructor re-opens this library with RTLD_GLOBAL: from then on,
 * MKL's first call resolves here. A call made before this library was loaded stays bound to MKL's own function,
 * which mkl_cpu_code() shows (it runs MKL's detection through libtorch's own binding).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <jni.h>
#include <link.h>
#include <string.h>

int mkl_serv_intel_cpu_true(void) {
    return 1;
}

__attribute__((constructor)) static void promote_to_global_scope(void) {
    Dl_info self;
    if (dladdr((void *) &mkl_serv_intel_cpu_true, &self) && self.dli_fname != NULL) {
        dlopen(self.dli_fname, RTLD_LAZY | RTLD_NOLOAD | RTLD_GLOBAL);
    }
}

static int find_libtorch(struct dl_phdr_info *info, size_t size, void *out) {
    (void) size;
    const char *name = info->dlpi_name;
    size_t n = name == NULL ? 0 : strlen(name);
    static const char suffix[] = "libtorch_cpu.so";
    if (n >= sizeof suffix - 1 && strcmp(name + n - (sizeof suffix - 1), suffix) == 0) {
        *(const char **) out = name;
        return 1;
    }
    return 0;
}

/* MKL's CPU code as libtorch's MKL computes it now: 0 is its generic path; -1 libtorch_cpu.so is not loaded;
 * -2 it has no MKL. */
JNIEXPORT jint JNICALL Java_dev_vibe_engine_cpu_MklVendorShim_mklCpuCode(JNIEnv *env, jclass cls) {
    (void) env;
    (void) cls;
    const char *path = NULL;
    dl_iterate_phdr(find_libtorch, &path);
    if (path == NULL) {
        return -1;
    }
    void *torch = dlopen(path, RTLD_LAZY | RTLD_NOLOAD);
    if (torch == NULL) {
        return -1;
    }
    int (*detect)(void) = (int (*)(void)) dlsym(torch, "mkl_serv_cpu_detect");
    int code = detect == NULL ? -2 : detect();
    dlclose(torch);
    return code;
}
