package dev.vibe.engine.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vibe.engine.FinishReason;
import dev.vibe.engine.GenerationRequest;
import dev.vibe.engine.GenerationResult;
import dev.vibe.engine.SamplingParams;
import dev.vibe.engine.prompt.Prompt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineFailureTest {

    private static GenerationRequest request(String id, int maxNew) {
        return new GenerationRequest(id, Prompt.raw("The number " + id), SamplingParams.greedy(maxNew));
    }

    @Test
    void aFailedStepFailsItsRequestsAndTheSchedulerServesTheNext() {
        try (BatchingEngine engine = TestEngines.engine(2)) {
            engine.beforeStep = ids -> {
                if (ids.contains("doomed")) {
                    throw new IllegalStateException("injected failure");
                }
            };
            GenerationResult doomed = engine.submit(request("doomed", 5)).join();
            assertThat(doomed.finishReason()).isEqualTo(FinishReason.ERROR);
            assertThat(doomed.error()).contains("engine step failed").contains("injected failure");
            GenerationResult fine = engine.submit(request("fine", 5)).join();
            assertThat(fine.finishReason()).isEqualTo(FinishReason.LENGTH);
            assertThat(fine.completionTokens()).isEqualTo(5);
            assertThat(engine.isAlive()).isTrue();
            assertThat(engine.stats().running()).isZero();
            assertThat(engine.stats().kvTokensUsed()).isZero();
        }
    }

    @Test
    void aNativeFailureMarksTheEngineDeadAndFailsEverythingAtOnce() {
        try (BatchingEngine engine = TestEngines.engine(2)) {
            engine.beforeStep = ids -> {
                if (ids.contains("fatal")) {
                    throw new InternalError("simulated native failure");
                }
            };
            GenerationResult fatal = engine.submit(request("fatal", 5)).join();
            assertThat(fatal.finishReason()).isEqualTo(FinishReason.ERROR);
            assertThat(fatal.error()).contains("engine is dead").contains("simulated native failure");
            assertThat(engine.isAlive()).isFalse();
            assertThat(engine.deadReason()).contains("simulated native failure");
            GenerationResult after = engine.submit(request("after", 5)).join();
            assertThat(after.finishReason()).isEqualTo(FinishReason.ERROR);
            assertThat(after.error()).contains("engine is dead");
        }
    }

    @Test
    void aKvPoolThatCannotBeAllocatedFailsTheOpenWithItsSizeAndLeavesNoSchedulerThread() {
        // ~550 GB of keys and values: more than any machine here has, so the allocation is refused, not attempted.
        long rows = Integer.MAX_VALUE - 64L;
        TestEngines.tokenizerJson(); // skips here, not inside the lambda, where ../shared is absent
        assertThatThrownBy(() -> TestEngines.engine(1, rows, 4096, 256, 42))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot allocate a KV-cache pool of " + (rows / 16 * 16) + " tokens");
        // The scheduler thread built the pool and gave up; it must not wait for a constructor that threw.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (schedulerThreads() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(schedulerThreads()).isZero();
    }

    private static long schedulerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("vibe-engine-tiny-random") && t.isAlive()).count();
    }

    @Test
    void aThrowingListenerDoesNotHurtItsRequestOrTheEngine() {
        try (BatchingEngine engine = TestEngines.engine(2)) {
            GenerationResult r = engine.submit(request("noisy", 6), (id, delta) -> {
                throw new IllegalArgumentException("listener bug");
            }).join();
            assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
            assertThat(r.completionTokens()).isEqualTo(6);
        }
    }

    @Test
    void closingFailsQueuedRequestsWithEngineClosed() {
        BatchingEngine engine = TestEngines.engine(1);
        var running = engine.submit(request("long", 200));
        var queued = engine.submit(request("queued", 5));
        engine.close();
        assertThat(running.join().finishReason()).isEqualTo(FinishReason.ERROR);
        assertThat(queued.join().error()).isEqualTo("engine closed");
        assertThat(engine.submit(request("late", 5)).join().error()).isEqualTo("engine closed");
        assertThat(engine.isAlive()).isFalse();
    }
}
