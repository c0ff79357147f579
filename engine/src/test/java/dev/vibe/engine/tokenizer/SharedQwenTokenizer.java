package dev.vibe.engine.tokenizer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real Qwen2 tokenizer in {@code ../shared/qwen-tokenizer}; tests skip with a message where it is absent. */
public final class SharedQwenTokenizer {

    private SharedQwenTokenizer() {
    }

    /** {@code ../shared/qwen-tokenizer} relative to the project root (tests run in a module folder). */
    public static Path folder() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("pom.xml"))
                    && (p.getParent() == null || !Files.exists(p.getParent().resolve("pom.xml")))) {
                Path shared = p.resolveSibling("shared").resolve("qwen-tokenizer");
                assumeTrue(Files.isRegularFile(shared.resolve("tokenizer.json")),
                        "skipped: the Qwen tokenizer is not at " + shared + " (../shared is absent on this machine)");
                return shared;
            }
        }
        assumeTrue(false, "skipped: no project root above " + here);
        return null;
    }

    public static Tokenizer load() {
        return Tokenizer.load(folder().resolve("tokenizer.json"));
    }
}
