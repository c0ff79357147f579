package dev.vibe.engine.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vibe.engine.EngineStats;
import dev.vibe.engine.FinishReason;
import dev.vibe.engine.GenerationRequest;
import dev.vibe.engine.GenerationResult;
import dev.vibe.engine.SamplingParams;
import dev.vibe.engine.prompt.Prompt;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BatchingEngineTest {

    /** One sequence at a time: the reference every batched run is compared with. */
    private static BatchingEngine alone;

    @BeforeAll
    static void openReference() {
        alone = TestEngines.engine(1);
    }

    @AfterAll
    static void closeReference() {
        if (alone != null) {
            alone.close();
        }
    }

    private static GenerationRequest request(String id, String problem, SamplingParams sampling) {
        return new GenerationRequest(id, Prompt.forProblem(problem, null), sampling);
    }

    private static SamplingParams sampled(double temperature, double topP, int topK, int maxNew, long seed) {
        return SamplingParams.builder().optTemperature(temperature).optTopP(topP).optTopK(topK)
                .optMaxNewTokens(maxNew).optSeed(seed).build();
    }

    private static GenerationResult run(BatchingEngine engine, GenerationRequest r) {
        return engine.submit(r).join();
    }

    private static List<GenerationRequest> mixedRequests() {
        return List.of(
                request("greedy-short", "What is 1+1?", SamplingParams.greedy(7)),
                request("nucleus", "Compute the sum of the first ten primes and explain.", sampled(0.8, 0.9, 0, 25, 1)),
                request("topk", "x", sampled(1.0, 1.0, 5, 12, 2)),
                request("pure", "Find all real x with x^2 = 2.", sampled(0.7, 1.0, 0, 30, 3)),
                request("greedy-long", "Prove that there are infinitely many primes, carefully.",
                        SamplingParams.greedy(33)),
                request("low-temp", "2+2", sampled(0.3, 0.95, 40, 18, 4)),
                request("late", "What is the derivative of sin(x)?", sampled(1.0, 0.95, 0, 9, 5)));
    }

    @Test
    void batchedRequestsGiveEachTheTokensItGetsAlone() {
        List<GenerationRequest> requests = mixedRequests();
        List<GenerationResult> reference = new ArrayList<>();
        for (GenerationRequest r : requests) {
            reference.add(run(alone, r));
        }
        // 3 slots for 7 requests of different lengths: requests are admitted as others finish, mid-flight.
        try (BatchingEngine engine = TestEngines.engine(3)) {
            List<CompletableFuture<GenerationResult>> futures = new ArrayList<>();
            for (GenerationRequest r : requests) {
                futures.add(engine.submit(r));
            }
            for (int i = 0; i < requests.size(); i++) {
                GenerationResult got = futures.get(i).join();
                GenerationResult want = reference.get(i);
                assertThat(got.finishReason()).as(requests.get(i).id()).isEqualTo(FinishReason.LENGTH);
                assertThat(got.completionTokenIds()).as(requests.get(i).id())
                        .hasSize(requests.get(i).sampling().maxNewTokens())
                        .isEqualTo(want.completionTokenIds());
                assertThat(got.text()).isEqualTo(want.text());
                assertThat(got.promptTokenIds()).isEqualTo(want.promptTokenIds());
            }
            EngineStats stats = engine.stats();
            assertThat(stats.completedTotal()).isEqualTo(requests.size());
            assertThat(stats.running()).isZero();
            assertThat(stats.kvTokensUsed()).isZero();
            assertThat(stats.generatedTokensTotal()).isEqualTo(
                    requests.stream().mapToInt(r -> r.sampling().maxNewTokens()).sum());
        }
    }

    @Test
    void sameSeedGivesSameTokensAndDifferentSeedsDiffer() {
        GenerationResult a = run(alone, request("a", "Count to five.", sampled(1.0, 1.0, 0, 20, 123)));
        GenerationResult b = run(alone, request("b", "Count to five.", sampled(1.0, 1.0, 0, 20, 123)));
        GenerationResult c = run(alone, request("c", "Count to five.", sampled(1.0, 1.0, 0, 20, 124)));
        assertThat(b.completionTokenIds()).isEqualTo(a.completionTokenIds());
        assertThat(c.completionTokenIds()).isNotEqualTo(a.completionTokenIds());
        GenerationResult g1 = run(alone, request("g1", "Count to five.", SamplingParams.greedy(20)));
        GenerationResult g2 = run(alone, request("g2", "Count to five.",
                SamplingParams.greedy(20).toBuilder().optSeed(99).build()));
        assertThat(g2.completionTokenIds()).isEqualTo(g1.completionTokenIds());
    }

    @Test
    void samplesOfOnePromptSharePrefillAndMatchSeparatelyPrefilledOnes() {
        String problem = "How many positive divisors does 360 have?";
        List<GenerationResult> separate = new ArrayList<>();
        for (int seed = 0; seed < 4; seed++) {
            separate.add(run(alone, request("s" + seed, problem, sampled(1.0, 0.95, 0, 15, seed))));
        }
        try (BatchingEngine engine = TestEngines.engine(8)) {
            List<CompletableFuture<GenerationResult>> futures = new ArrayList<>();
            for (int seed = 0; seed < 4; seed++) {
                futures.add(engine.submit(request("n" + seed, problem, sampled(1.0, 0.95, 0, 15, seed))));
            }
            int promptTokens = 0;
            for (int seed = 0; seed < 4; seed++) {
                GenerationResult got = futures.get(seed).join();
                assertThat(got.completionTokenIds()).isEqualTo(separate.get(seed).completionTokenIds());
                promptTokens = got.promptTokens();
            }
            // Submitted together, the four samples were admitted together and their prompt prefilled once.
            assertThat(engine.stats().promptTokensTotal()).isEqualTo(promptTokens);
        }
    }

    @Test
    void requestsThatCannotFitFailAloneWithAReasonWhileOthersComplete() {
        // Context 64 tokens, a 128-token KV pool.
        try (BatchingEngine engine = TestEngines.engine(4, 128, 4096, 64, 42)) {
            CompletableFuture<GenerationResult> ok1 = engine.submit(request("ok1", "1+1", SamplingParams.greedy(10)));
            CompletableFuture<GenerationResult> tooLong = engine.submit(new GenerationRequest("too-long",
                    Prompt.raw("word ".repeat(80)), SamplingParams.greedy(10)));
            CompletableFuture<GenerationResult> ok2 = engine.submit(request("ok2", "2+2", SamplingParams.greedy(12)));
            GenerationResult longResult = tooLong.join();
            assertThat(longResult.finishReason()).isEqualTo(FinishReason.ERROR);
            assertThat(longResult.error()).contains("prompt has 81 tokens").contains("context");
            assertThat(ok1.join().finishReason()).isEqualTo(FinishReason.LENGTH);
            assertThat(ok2.join().finishReason()).isEqualTo(FinishReason.LENGTH);
        }
        // Context 256 but a 32-token pool: a request reserving more than the pool fails alone.
        try (BatchingEngine engine = TestEngines.engine(2, 32, 4096, 256, 42)) {
            GenerationResult big = run(engine, new GenerationRequest("big", Prompt.raw("a b c"),
                    SamplingParams.greedy(100)));
            assertThat(big.finishReason()).isEqualTo(FinishReason.ERROR);
            assertThat(big.error()).contains("KV-cache").contains("pool holds 32");
            GenerationResult small = run(engine, new GenerationRequest("small", Prompt.raw("a b c"),
                    SamplingParams.greedy(20)));
            assertThat(small.finishReason()).isEqualTo(FinishReason.LENGTH);
            assertThat(small.completionTokens()).isEqualTo(20);
        }
    }

    @Test
    void generationStopsWithLengthAtTheContext() {
        try (BatchingEngine engine = TestEngines.engine(2, 0, 4096, 48, 42)) {
            GenerationResult r = run(engine, new GenerationRequest("ctx", Prompt.raw("a b c d e f g h"),
                    SamplingParams.greedy(1000)));
            assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
            assertThat(r.promptTokens() + r.completionTokens()).isEqualTo(48);
        }
    }

    @Test
    void stopTokenIdsAndStopStringsEndGenerationWithStop() {
        GenerationRequest base = request("base", "Say something long.", SamplingParams.greedy(40));
        GenerationResult full = run(alone, base);
        List<Integer> tokens = full.completionTokenIds();
        int stopAt = 6;
        int stopToken = tokens.get(stopAt);
        int firstIndex = tokens.indexOf(stopToken);
        GenerationResult byId = run(alone, new GenerationRequest("id", base.prompt(),
                base.sampling().toBuilder().optStopTokenIds(List.of(stopToken)).build()));
        assertThat(byId.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(byId.completionTokenIds()).isEqualTo(tokens.subList(0, firstIndex));

        String text = full.text();
        String stop = text.substring(text.length() / 2, text.length() / 2 + 3);
        GenerationResult byString = run(alone, new GenerationRequest("str", base.prompt(),
                base.sampling().toBuilder().optStopStrings(List.of(stop)).build()));
        assertThat(byString.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(byString.text()).isEqualTo(text.substring(0, text.indexOf(stop)));
        assertThat(full.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(full.completionTokens()).isEqualTo(40);
    }

    @Test
    void streamedDeltasConcatenateToTheResultTextAndHoldBackStopStringPrefixes() {
        GenerationRequest base = request("stream", "Write a word.", SamplingParams.greedy(30));
        StringBuilder streamed = new StringBuilder();
        GenerationResult full = alone.submit(base, (id, delta) -> streamed.append(delta)).join();
        assertThat(streamed.toString()).isEqualTo(full.text());

        String stop = full.text().substring(full.text().length() / 2, full.text().length() / 2 + 4);
        StringBuilder cut = new StringBuilder();
        GenerationResult stopped = alone.submit(new GenerationRequest("stream-stop", base.prompt(),
                base.sampling().toBuilder().optStopStrings(List.of(stop)).build()), (id, d) -> cut.append(d)).join();
        assertThat(cut.toString()).isEqualTo(stopped.text()).doesNotContain(stop);
    }
}
