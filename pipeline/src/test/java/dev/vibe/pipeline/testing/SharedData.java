package dev.vibe.pipeline.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code ../shared} (beside the project root), which a fresh user machine does not have: tests skip without it. */
public final class SharedData {

    private SharedData() {
    }

    /** {@code ../shared/eval-sets/<name>}, or a skipped test (assumption) saying it is absent. */
    public static Path evalSet(String name) {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.isDirectory(root.resolve("schemas"))) {
            root = root.getParent();
        }
        Path file = root == null ? Path.of("../shared/eval-sets", name)
                : root.resolveSibling("shared").resolve("eval-sets").resolve(name);
        assumeTrue(Files.isRegularFile(file), "../shared is absent (" + file + "): skipping the eval-set test");
        return file;
    }
}
