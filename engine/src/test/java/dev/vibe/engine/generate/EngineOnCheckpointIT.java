package dev.vibe.engine.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vibe.engine.Engine;
import dev.vibe.engine.EngineConfig;
import dev.vibe.engine.FinishReason;
import dev.vibe.engine.GenerationRequest;
import dev.vibe.engine.GenerationResult;
import dev.vibe.engine.SamplingParams;
import dev.vibe.engine.SharedEngines;
import dev.vibe.engine.checkpoint.RandomCheckpoint;
import dev.vibe.engine.prompt.Prompt;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Engine#open} and {@link SharedEngines} on a random checkpoint folder. */
class EngineOnCheckpointIT {

    @Test
    void opensACheckpointFolderAndGenerates(@TempDir Path dir) {
        Path folder = RandomCheckpoint.writeTiny(dir.resolve("tiny"));
        EngineConfig config = EngineConfig.builder().setModelDir(folder).optMaxSlots(4).build();
        try (Engine engine = Engine.open(config)) {
            assertThat(engine.model().name()).isNotBlank();
            assertThat(engine.model().revision()).isNotBlank();
            assertThat(engine.isAlive()).isTrue();
            GenerationResult r = engine.submit(new GenerationRequest("t", Prompt.forProblem("1+1", null),
                    SamplingParams.greedy(12))).join();
            assertThat(r.error()).isNull();
            assertThat(r.finishReason()).isIn(FinishReason.LENGTH, FinishReason.STOP);
            assertThat(r.promptTokens()).isGreaterThan(10);
            assertThat(engine.stats().completedTotal()).isEqualTo(1);
        }
    }

    @Test
    void sharedEnginesOpenOneEnginePerModelAndCloseItWithTheLastLease(@TempDir Path dir) {
        Path folder = RandomCheckpoint.writeTiny(dir.resolve("tiny"));
        EngineConfig config = EngineConfig.builder().setModelDir(folder).optMaxSlots(2).build();
        int before = SharedEngines.openEngines();
        Engine a = SharedEngines.acquire(config);
        Engine b = SharedEngines.acquire(config.toBuilder().optMaxSlots(8).build());
        assertThat(SharedEngines.openEngines()).isEqualTo(before + 1);
        assertThat(a.model()).isSameAs(b.model());
        a.close();
        a.close(); // idempotent: releases once
        assertThat(b.isAlive()).isTrue();
        GenerationResult r = b.submit(new GenerationRequest("x", Prompt.raw("abc"), SamplingParams.greedy(3))).join();
        assertThat(r.completionTokens()).isEqualTo(3);
        b.close();
        assertThat(SharedEngines.openEngines()).isEqualTo(before);
        assertThat(b.isAlive()).isFalse();
    }
}
