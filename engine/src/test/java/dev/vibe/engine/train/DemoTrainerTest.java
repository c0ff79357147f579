package dev.vibe.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vibe.engine.checkpoint.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTrainerTest {

    @TempDir
    Path dir;

    private DemoTrainingConfig tiny(Path out) {
        return DemoTrainingConfig.builder().setOutputDir(out).optSteps(40).optSeed(3).optBatchSize(8)
                .optLearningRate(3e-3).optWarmupSteps(5).optVocabSize(300).optHiddenSize(32).optLayers(2)
                .optHeads(4).optKvHeads(2).optIntermediateSize(64).optContextLength(256).optTokenizerCorpus(300)
                .build();
    }

    @Test
    void aShortRunOnATinyModelDrivesTheLossDownAndWritesALoadableCheckpoint() {
        DemoTrainer.Report report = new DemoTrainer(tiny(dir.resolve("a"))).run((step, loss, lr) -> { });

        assertThat(report.losses()).hasSize(40);
        double first = report.meanLoss(false, 5);
        double last = report.meanLoss(true, 5);
        // From about ln(vocab) = 5.7 to clearly below: the project's forward and autograd really learn.
        assertThat(first).isGreaterThan(5.0);
        assertThat(last).isLessThan(first - 1.5);
        for (String file : new String[] {"config.json", "generation_config.json", "model.safetensors",
                "tokenizer.json", "tokenizer_config.json", "loss.png"}) {
            assertThat(dir.resolve("a").resolve(file)).isRegularFile();
        }
        try (Checkpoint checkpoint = Checkpoint.open(dir.resolve("a"))) {
            assertThat(checkpoint.config().hiddenSize()).isEqualTo(32);
            assertThat(checkpoint.config().vocabSize()).isEqualTo(report.vocabSize());
            assertThat(checkpoint.config().eosTokenIds()).hasSize(2);
        }
    }

    @Test
    void aContinuationStartsFromThePreviousRunsWeights() {
        DemoTrainingConfig first = tiny(dir.resolve("a"));
        DemoTrainer.Report a = new DemoTrainer(first).run((step, loss, lr) -> { });
        DemoTrainer.Report b = new DemoTrainer(first.toBuilder().setOutputDir(dir.resolve("b")).optSteps(3)
                .optInitFrom(dir.resolve("a")).build()).run((step, loss, lr) -> { });
        assertThat(b.losses().get(0)).isLessThan(a.losses().get(0) - 1.5);
        assertThatThrownBy(() -> new DemoTrainer(first.toBuilder().setOutputDir(dir.resolve("c")).optHiddenSize(64)
                .optIntermediateSize(64).optInitFrom(dir.resolve("a")).build()).run((step, loss, lr) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another shape");
    }

    @Test
    void theSameSeedTrainsTheSameWeights() throws Exception {
        DemoTrainingConfig a = tiny(dir.resolve("a")).toBuilder().optSteps(5).build();
        DemoTrainingConfig b = a.toBuilder().setOutputDir(dir.resolve("b")).build();
        DemoTrainer.Report ra = new DemoTrainer(a).run((step, loss, lr) -> { });
        DemoTrainer.Report rb = new DemoTrainer(b).run((step, loss, lr) -> { });
        assertThat(rb.losses()).isEqualTo(ra.losses());
        assertThat(Files.readAllBytes(dir.resolve("b/model.safetensors")))
                .isEqualTo(Files.readAllBytes(dir.resolve("a/model.safetensors")));
        assertThat(Files.readString(dir.resolve("b/tokenizer.json")))
                .isEqualTo(Files.readString(dir.resolve("a/tokenizer.json")));
    }

    @Test
    void aGarbageCollectionBetweenForwardAndBackwardChangesNothing() {
        // Scalar operands freed before backward once turned losses into NaN or made one seed's runs drift.
        DemoTrainingConfig a = tiny(dir.resolve("a")).toBuilder().optSteps(8).build();
        DemoTrainer.Report plain = new DemoTrainer(a).run((step, loss, lr) -> { });
        DemoTrainer collecting = new DemoTrainer(a.toBuilder().setOutputDir(dir.resolve("b")).build());
        collecting.beforeBackward = () -> {
            System.gc();
            System.runFinalization();
        };
        assertThat(collecting.run((step, loss, lr) -> { }).losses()).isEqualTo(plain.losses());
    }

    @Test
    void learningRateWarmsUpThenDecaysToATenth() {
        DemoTrainer trainer = new DemoTrainer(tiny(dir));
        assertThat(trainer.learningRate(1)).isEqualTo(3e-3 / 5);
        assertThat(trainer.learningRate(5)).isEqualTo(3e-3);
        assertThat(trainer.learningRate(40)).isCloseTo(3e-4, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void rejectsAShapeWithoutWholeQueryGroups() {
        assertThatThrownBy(() -> DemoTrainingConfig.builder().setOutputDir(dir).optHeads(4).optKvHeads(3).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("KV heads 3");
    }
}
