package dev.vibe.operators.grade;

import dev.vibe.grading.math.MathGrader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * {@code Grade.grader_version}: {@code vibe-grading <version>+<fingerprint>}. The version is the build's (one
 * version for every module of the reactor, so operators' is grading's); the fingerprint is the first 10 hex digits
 * of a SHA-256 over the grading module's classes ({@code dev/vibe/grading/**.class}, by name, from the directory or
 * jar they were loaded from) and the settings that change verdicts. A changed grader or limit gives another
 * fingerprint even when nobody bumped the version. Computed once on the client and shipped with the job, so every
 * TaskManager writes the same value.
 */
public final class GraderVersion {

    private static final String GRADING_PREFIX = "dev/vibe/grading/";
    private static final String VERSION_RESOURCE = "/dev/vibe/operators/grade/grader.properties";

    private GraderVersion() {
    }

    /** The version string for grades made with {@code settings}. */
    public static String of(GraderSettings settings) {
        MessageDigest sha = sha256();
        for (byte[] chunk : gradingClasses()) {
            sha.update(chunk);
        }
        sha.update(settings.verdictRelevant().getBytes(StandardCharsets.UTF_8));
        return "vibe-grading " + buildVersion() + "+" + HexFormat.of().formatHex(sha.digest()).substring(0, 10);
    }

    static String buildVersion() {
        try (InputStream in = GraderVersion.class.getResourceAsStream(VERSION_RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Name and bytes of every grading class, sorted by name. */
    private static List<byte[]> gradingClasses() {
        Path location;
        try {
            location = Path.of(MathGrader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot locate the grading classes: " + e.getMessage(), e);
        }
        try {
            return Files.isDirectory(location) ? fromDirectory(location) : fromJar(location);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the grading classes at " + location + ": " + e.getMessage(), e);
        }
    }

    private static List<byte[]> fromDirectory(Path root) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root.resolve(GRADING_PREFIX))) {
            files = new ArrayList<>(walk.filter(p -> p.toString().endsWith(".class")).toList());
        }
        Collections.sort(files);
        List<byte[]> out = new ArrayList<>();
        for (Path f : files) {
            out.add(root.relativize(f).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
            out.add(Files.readAllBytes(f));
        }
        return out;
    }

    private static List<byte[]> fromJar(Path jar) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            List<JarEntry> entries = new ArrayList<>(file.stream()
                    .filter(e -> e.getName().startsWith(GRADING_PREFIX) && e.getName().endsWith(".class")).toList());
            entries.sort((a, b) -> a.getName().compareTo(b.getName()));
            for (JarEntry e : entries) {
                out.add(e.getName().getBytes(StandardCharsets.UTF_8));
                try (InputStream in = file.getInputStream(e)) {
                    out.add(in.readAllBytes());
                }
            }
        }
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
