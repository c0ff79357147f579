package dev.vibe.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vibe.engine.Engine;
import dev.vibe.engine.EngineConfig;
import dev.vibe.engine.FinishReason;
import dev.vibe.engine.GenerationRequest;
import dev.vibe.engine.GenerationResult;
import dev.vibe.engine.SamplingParams;
import dev.vibe.engine.prompt.Prompt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end accuracy oracle: the committed demo model answers held-out problems (operand pairs it never saw
 * in training) through the real path: prompt in the authors' format, {@link Engine#open} with continuous batching
 * and every problem submitted at once, answer extraction ({@link GenerationResult#finalAnswer()}), comparison with
 * the exact result. A wrong RoPE offset, a slot reading another slot's cache or a sampler that ignores its seed
 * costs far more than the margin between the measured figures and these bounds.
 */
class DemoModelAccuracyIT {

    /** Measured greedy accuracy on this set is in the model card; the bound sits just below it. */
    static final double GREEDY_BOUND = 0.97;
    /** Measured accuracy at temperature 0.6, top_p 0.95 is in the model card; the bound sits just below it. */
    static final double SAMPLED_BOUND = 0.96;

    static final Path MODEL = Path.of("..", "models", "demo-arithmetic").toAbsolutePath().normalize();
    static final int SLOTS = 64;

    static List<ArithmeticProblems.Problem> problems;

    @BeforeAll
    static void heldOutSet() {
        assertThat(MODEL.resolve("model.safetensors")).as("the committed demo checkpoint").isRegularFile();
        problems = ArithmeticProblems.heldOut(250, 90, 42);
    }

    @Test
    void greedyDecodingSolvesHeldOutProblemsThroughTheBatchingEngine() throws Exception {
        double accuracy = accuracy(SamplingParams.greedy(256), "greedy");
        assertThat(accuracy).isGreaterThanOrEqualTo(GREEDY_BOUND);
    }

    @Test
    void samplingAtTemperatureSixTenthsStillSolvesThem() throws Exception {
        SamplingParams sampled = SamplingParams.builder().optTemperature(0.6).optTopP(0.95).optMaxNewTokens(256)
                .build();
        double accuracy = accuracy(sampled, "T=0.6");
        assertThat(accuracy).isGreaterThanOrEqualTo(SAMPLED_BOUND);
    }

    private static double accuracy(SamplingParams sampling, String label) throws Exception {
        EngineConfig config = EngineConfig.builder().setModelDir(MODEL).optMaxSlots(SLOTS).build();
        long start = System.nanoTime();
        int correct = 0;
        int[] correctByOp = new int[3];
        int[] countByOp = new int[3];
        try (Engine engine = Engine.open(config)) {
            List<CompletableFuture<GenerationResult>> futures = new ArrayList<>();
            for (int i = 0; i < problems.size(); i++) {
                ArithmeticProblems.Problem p = problems.get(i);
                futures.add(engine.submit(new GenerationRequest("p" + i,
                        Prompt.forProblem(p.question(), null), sampling.toBuilder().optSeed(1000 + i).build())));
            }
            for (int i = 0; i < problems.size(); i++) {
                GenerationResult r = futures.get(i).get(10, TimeUnit.MINUTES);
                ArithmeticProblems.Problem p = problems.get(i);
                assertThat(r.finishReason()).as(r.error() == null ? p.question() : r.error())
                        .isNotEqualTo(FinishReason.ERROR);
                boolean ok = String.valueOf(p.answer()).equals(r.finalAnswer());
                countByOp[p.op().ordinal()]++;
                if (ok) {
                    correct++;
                    correctByOp[p.op().ordinal()]++;
                }
            }
        }
        double accuracy = correct / (double) problems.size();
        System.out.printf(Locale.ROOT, "demo model %s: %d/%d = %.3f (add %d/%d, sub %d/%d, mul %d/%d) in %.1f s,"
                        + " %d slots%n", label, correct, problems.size(), accuracy, correctByOp[0], countByOp[0],
                correctByOp[1], countByOp[1], correctByOp[2], countByOp[2], (System.nanoTime() - start) / 1e9, SLOTS);
        return accuracy;
    }
}
