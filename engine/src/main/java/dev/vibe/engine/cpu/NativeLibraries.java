package dev.vibe.engine.cpu;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.slf4j.Logger;

/** The engine's bundled native libraries: built by the engine's Maven build where a C compiler is (Linux x86-64). */
final class NativeLibraries {

    /** Where the build puts them on the class path. */
    static final String DIRECTORY = "/dev/vibe/engine/cpu/linux-x86_64/";

    private NativeLibraries() {
    }

    /** Whether this JVM runs on Linux x86-64, the only platform the libraries are built for. */
    static boolean linuxX86() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        return os.startsWith("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    /**
     * Loads {@code lib<name>.so} from the class path into this JVM.
     *
     * @return false if this build does not bundle it
     * @throws IOException if it cannot be copied out of the class path
     * @throws UnsatisfiedLinkError if the system refuses to load it
     */
    static boolean load(String name) throws IOException {
        try (InputStream in = NativeLibraries.class.getResourceAsStream(resource(name))) {
            if (in == null) {
                return false;
            }
            // System.load needs a file; a jar entry is not one.
            Path file = Files.createTempFile("vibe-" + name, ".so");
            try {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                System.load(file.toAbsolutePath().toString());
            } finally {
                Files.deleteIfExists(file); // the loaded mapping outlives the file
            }
            return true;
        }
    }

    static String resource(String name) {
        return DIRECTORY + "lib" + name + ".so";
    }

    /** Logs a library's status once it is known: a warning if loading failed, else at debug level. */
    static void report(Logger log, boolean failed, String status) {
        if (failed) {
            log.warn(status);
        } else {
            log.debug(status);
        }
    }

    /** A flag set as an environment variable or a system property ({@code true}). */
    static boolean flag(String env, String property) {
        return Boolean.parseBoolean(System.getenv(env)) || Boolean.getBoolean(property);
    }
}
