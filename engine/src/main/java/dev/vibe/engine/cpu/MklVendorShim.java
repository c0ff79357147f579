package dev.vibe.engine.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets libtorch's MKL use its tuned kernels on AMD CPUs. MKL picks AVX2/AVX-512 kernels only for CPUs whose vendor
 * is Intel and takes a generic path elsewhere, which halves the engine's CPU speed on an AMD EPYC (see
 * {@code src/main/c/mkl_vendor_shim.c}). The bundled native library answers MKL's vendor test; MKL still checks
 * every instruction set itself.
 *
 * <p>{@link #install()} must run before the process's first MKL call (the engine calls it when its model classes
 * load); {@link Status#mklCpuCode()} reports what MKL actually dispatches on. Set the environment variable
 * {@value #DISABLE_ENV} (or the system property {@value #DISABLE_PROPERTY}) to {@code true} to leave MKL as it is.
 */
public final class MklVendorShim {

    /** Environment variable that, set to {@code true}, keeps the shim out. */
    public static final String DISABLE_ENV = "VIBE_DISABLE_MKL_VENDOR_SHIM";
    /** System property that, set to {@code true}, keeps the shim out. */
    public static final String DISABLE_PROPERTY = "vibe.disableMklVendorShim";

    static final String LIBRARY = "vibe_mkl_vendor_shim";

    private static final Logger LOG = LoggerFactory.getLogger(MklVendorShim.class);
    private static Status status;

    /** Whether the shim is in and what MKL makes of this CPU. */
    public enum State {
        /** Loaded: MKL's vendor test answers Intel. */
        ACTIVE,
        /** An Intel CPU, or not Linux on x86-64: nothing to do. */
        NOT_NEEDED,
        /** Turned off by {@value #DISABLE_ENV} or {@value #DISABLE_PROPERTY}. */
        DISABLED,
        /** This build has no native library (it was built without a C compiler). */
        NOT_BUNDLED,
        /** Loading failed; {@link Status#detail()} says why. */
        FAILED
    }

    /**
     * @param mklCpuCode MKL's CPU code as it dispatches now (0 = its generic path), or -1 where unknown (shim not
     *     loaded, or libtorch not loaded yet)
     */
    public record Status(State state, String detail, int mklCpuCode) {

        /** One line for logs and benchmark headers. */
        public String describe() {
            String code = mklCpuCode < 0 ? "" : mklCpuCode == 0 ? "; MKL runs its generic kernels (CPU code 0)"
                    : "; MKL runs its tuned kernels (CPU code " + mklCpuCode + ")";
            return "MKL vendor shim " + state.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + detail + code;
        }
    }

    private MklVendorShim() {
    }

    /** Loads the shim once per class loader where it helps; later calls return the first call's status. */
    public static synchronized Status install() {
        if (status == null) {
            status = load();
            NativeLibraries.report(LOG, status.state() == State.FAILED, status.describe());
        }
        return status;
    }

    /** {@link #install()}'s status with MKL's CPU code read now (libtorch must be loaded for a code). */
    public static synchronized Status status() {
        Status s = install();
        return s.state() == State.ACTIVE ? new Status(s.state(), s.detail(), mklCpuCode()) : s;
    }

    private static Status load() {
        if (NativeLibraries.flag(DISABLE_ENV, DISABLE_PROPERTY)) {
            return new Status(State.DISABLED, "turned off by " + DISABLE_ENV + " or -D" + DISABLE_PROPERTY, -1);
        }
        if (!NativeLibraries.linuxX86()) {
            return new Status(State.NOT_NEEDED, "not Linux on x86-64", -1);
        }
        String vendor = cpuVendor();
        if (!"AuthenticAMD".equals(vendor)) {
            return new Status(State.NOT_NEEDED, "CPU vendor " + vendor, -1);
        }
        try {
            if (!NativeLibraries.load(LIBRARY)) {
                return new Status(State.NOT_BUNDLED, "this build has no " + NativeLibraries.resource(LIBRARY)
                        + " (built without a C compiler); CPU matrix products run at MKL's generic speed", -1);
            }
            return new Status(State.ACTIVE, "CPU vendor " + vendor, -1);
        } catch (IOException | UnsatisfiedLinkError | SecurityException e) {
            return new Status(State.FAILED, "cannot load " + NativeLibraries.resource(LIBRARY) + ": "
                    + e.getMessage(), -1);
        }
    }

    /** {@code vendor_id} of the first CPU in /proc/cpuinfo, or "unknown". */
    static String cpuVendor() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("vendor_id")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
        return "unknown";
    }

    /** MKL's CPU code through libtorch's own binding: 0 generic; -1 libtorch not loaded; -2 no MKL in it. */
    private static native int mklCpuCode();
}
