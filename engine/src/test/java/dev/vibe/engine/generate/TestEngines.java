package dev.vibe.engine.generate;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import dev.vibe.engine.EngineConfig;
import dev.vibe.engine.ModelInfo;
import dev.vibe.engine.checkpoint.Qwen2Config;
import dev.vibe.engine.model.Qwen2Weights;
import dev.vibe.engine.tokenizer.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Engines over small random Qwen2 models with the real Qwen tokenizer from {@code ../shared}. */
final class TestEngines {

    static final int VOCAB = 151936;

    private TestEngines() {
    }

    /** The shared Qwen tokenizer; skips the test when {@code ../shared} is absent. */
    static Path tokenizerJson() {
        for (String candidate : List.of("../shared/qwen-tokenizer/tokenizer.json",
                "../../shared/qwen-tokenizer/tokenizer.json")) {
            Path p = Path.of(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        assumeTrue(false, "../shared/qwen-tokenizer/tokenizer.json is absent: engine tests need the Qwen tokenizer");
        return null;
    }

    /** hidden 32, 2 layers, 4 heads over 2 KV heads of dim 8, the full Qwen vocabulary. */
    static Qwen2Config config(int context, boolean tied) {
        return new Qwen2Config("Qwen2ForCausalLM", 32, 48, 2, 4, 2, 8, VOCAB, context, 10000.0, 1e-6, tied,
                "float32", -1, List.of(151643));
    }

    static BatchingEngine engine(int slots, long kvTokens, int maxPrefillTokens, int context, long seed) {
        Qwen2Config config = config(context, true);
        NDManager manager = NDManager.newBaseManager();
        Qwen2Weights weights = Qwen2Weights.random(config, manager, seed, 0.3f);
        Tokenizer tokenizer = Tokenizer.load(tokenizerJson());
        EngineConfig engineConfig = new EngineConfig(Path.of("."), "cpu", "float32", slots, kvTokens,
                maxPrefillTokens);
        ModelInfo info = new ModelInfo("tiny-random", "seed" + seed, Path.of("."), config, "cpu()", "float32");
        return BatchingEngine.create(engineConfig, weights, tokenizer, Set.copyOf(config.eosTokenIds()), info,
                List.of(tokenizer, manager));
    }

    static BatchingEngine engine(int slots) {
        return engine(slots, 0, 4096, 256, 42);
    }
}
