package dev.vibe.grading.code;

import dev.vibe.grading.code.sandbox.Sandbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How each language is compiled and run inside the sandbox: the interpreter and compilers of the host (read-only),
 * the commands, and which host paths they need besides /usr.
 */
final class Toolchain {

    /** The JVM's own start-up time, added to Java's CPU and wall limits so a JVM gets the same time to compute. */
    static final java.time.Duration JVM_STARTUP = java.time.Duration.ofSeconds(1);
    /**
     * Address space a JVM reserves beyond its heap (code cache, class space, thread stacks, malloc arenas) with the
     * flags below: measured here, a 256 MB heap does not start under 1 GB of RLIMIT_AS and does under 1.5 GB. The
     * limit still stops native allocations (Unsafe, JNI) from taking the host's memory.
     */
    static final long JVM_RESERVED_BYTES = 1536L << 20;

    private static final Pattern PUBLIC_CLASS = Pattern.compile("public\\s+(?:final\\s+|abstract\\s+)*class\\s+(\\w+)");
    private static final Pattern ANY_CLASS = Pattern.compile("\\bclass\\s+(\\w+)");

    private final Path python;
    private final Path cxx;
    private final Path jdkHome;
    private final List<Path> pythonPaths;
    private final List<Path> jdkPaths;

    Toolchain(Path python, Path cxx, Path jdkHome) {
        this.python = python;
        this.cxx = cxx;
        this.jdkHome = jdkHome;
        this.pythonPaths = outsideUsr(python == null ? null : python.getParent().getParent());
        this.jdkPaths = jdkHome == null ? List.of() : jdkPaths(jdkHome);
    }

    /** The program of one submission: its optional compile command and its run command. */
    record Program(List<String> compile, List<String> run, boolean runIsJvm,
                   List<Path> readOnly) {
    }

    /** Writes the source into {@code box} and returns the commands (paths as seen inside the sandbox). */
    Program prepare(Language lang, String code, Path box, String functionName, int memoryMb) throws IOException {
        String dir = Sandbox.BOX + "/";
        switch (lang) {
            case PYTHON -> {
                String python = require(this.python, "python3");
                write(box.resolve("main.py"), code);
                List<String> check = List.of(python, "-I", "-c",
                        "import sys; compile(open(sys.argv[1], encoding='utf-8').read(), 'main.py', 'exec')",
                        dir + "main.py");
                List<String> run;
                if (functionName != null) {
                    write(box.resolve(PythonCallHarness.FILE), PythonCallHarness.SOURCE);
                    run = List.of(python, "-I", dir + PythonCallHarness.FILE, functionName, dir + "main.py");
                } else {
                    run = List.of(python, "-I", dir + "main.py");
                }
                return new Program(check, run, false, pythonPaths);
            }
            case CPP -> {
                String gxx = require(cxx, "g++");
                write(box.resolve("main.cpp"), code);
                return new Program(List.of(gxx, "-std=gnu++17", "-O2", "-pipe", "-o", dir + "main", dir + "main.cpp"),
                        List.of(dir + "main"), false, List.of());
            }
            case JAVA -> {
                if (jdkHome == null) {
                    throw new IllegalStateException("no JDK found: javac is not on PATH");
                }
                String mainClass = mainClass(code);
                write(box.resolve(mainClass + ".java"), code);
                String bin = jdkHome.resolve("bin") + "/";
                List<String> compile = List.of(bin + "javac", "-J-Xmx512m", "-J-XX:CompressedClassSpaceSize=64m",
                        "-J-XX:ReservedCodeCacheSize=64m", "-J-XX:+UseSerialGC",
                        "-J-XX:TieredStopAtLevel=1", "-J-XX:-UsePerfData", "-encoding", "UTF-8", "-nowarn",
                        "-d", Sandbox.BOX, dir + mainClass + ".java");
                List<String> run = List.of(bin + "java", "-Xmx" + memoryMb + "m", "-Xss64m",
                        "-XX:MaxMetaspaceSize=128m", "-XX:CompressedClassSpaceSize=64m",
                        "-XX:ReservedCodeCacheSize=32m", "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1", "-XX:ActiveProcessorCount=1", "-XX:-UsePerfData", "-Xshare:auto",
                        "-cp", Sandbox.BOX, mainClass);
                return new Program(compile, run, true, jdkPaths);
            }
            default -> throw new IllegalArgumentException("unsupported language " + lang);
        }
    }

    /** The trivial program whose run time is the judge's fixed cost per test. */
    List<String> trivialPython() {
        return List.of(require(python, "python3"), "-I", "-c", "pass");
    }

    List<Path> pythonPaths() {
        return pythonPaths;
    }

    /** The public class (its file must carry its name), else the first class declared, else Main. */
    static String mainClass(String code) {
        Matcher m = PUBLIC_CLASS.matcher(code);
        if (m.find()) {
            return m.group(1);
        }
        m = ANY_CLASS.matcher(code);
        return m.find() ? m.group(1) : "Main";
    }

    private static String require(Path tool, String name) {
        if (tool == null) {
            throw new IllegalStateException("no " + name + " found on PATH");
        }
        return tool.toString();
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Installations outside /usr (pyenv, an unpacked JDK) are bound read-only at their own path. */
    private static List<Path> outsideUsr(Path p) {
        return p == null || p.startsWith("/usr") ? List.of() : List.of(p);
    }

    /**
     * Debian's JDK keeps its configuration in /etc (conf/ and lib/security/ are symlinks there); bind the folders
     * those links point into (/etc/java-17-openjdk, /etc/ssl/certs/java), not /etc.
     */
    private static List<Path> jdkPaths(Path home) {
        Set<Path> paths = new LinkedHashSet<>(outsideUsr(home));
        for (String sub : List.of("conf", "lib/security")) {
            try (Stream<Path> walk = Files.walk(home.resolve(sub), 4)) {
                walk.filter(Files::isSymbolicLink).forEach(link -> {
                    try {
                        Path target = link.toRealPath();
                        if (!target.startsWith(home) && !target.startsWith("/usr")) {
                            paths.add(Files.isDirectory(target) ? target : target.getParent());
                        }
                    } catch (IOException dangling) {
                        // a dangling link points at nothing to bind
                    }
                });
            } catch (IOException | java.io.UncheckedIOException e) {
                // a JDK without that folder needs nothing from it
            }
        }
        return new ArrayList<>(paths);
    }

    /** The first executable named {@code name} on PATH, resolved through links, or null. */
    static Path onPath(String name) {
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(path == null ? List.of() : List.of(path.split(":")));
        dirs.add("/usr/bin");
        for (String d : dirs) {
            Path p = d.isEmpty() ? null : Path.of(d, name);
            if (p != null && Files.isExecutable(p)) {
                try {
                    return p.toRealPath();
                } catch (IOException e) {
                    return p.toAbsolutePath();
                }
            }
        }
        return null;
    }
}
