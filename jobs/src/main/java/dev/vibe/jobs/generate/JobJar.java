package dev.vibe.jobs.generate;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Finds the shaded job jar that a remote cluster is sent ({@code jobs/target/vibe-jobs-*-flink.jar}). */
public final class JobJar {

    private JobJar() {
    }

    public static Path locate() {
        try {
            Path self = Path.of(GenerateJob.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(self) && self.getFileName().toString().endsWith("-flink.jar")) {
                return self;
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // not loaded from a jar: look in the build folder
        }
        String home = System.getenv("VIBE_HOME");
        Path target = Path.of(home != null ? home : ".").resolve("jobs/target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("vibe-jobs-.*-flink\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no job jar in " + target
                            + " (build it: mvn -pl jobs -am package -DskipTests)"));
        } catch (IOException e) {
            throw new IllegalStateException("no job jar in " + target + " (build it: mvn -pl jobs -am package"
                    + " -DskipTests): " + e.getMessage(), e);
        }
    }
}
