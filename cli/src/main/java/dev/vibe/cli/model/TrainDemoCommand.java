package dev.vibe.cli.model;

import dev.vibe.cli.Common;
import dev.vibe.cli.Progress;
import dev.vibe.engine.train.DemoTrainer;
import dev.vibe.engine.train.DemoTrainingConfig;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vibe model train-demo}: trains the small arithmetic reasoning model the project ships as its default
 * ({@code models/demo-arithmetic}), from synthetic problems, with the project's own Qwen2 code.
 */
@Command(name = "train-demo", mixinStandardHelpOptions = true,
        description = "Train the small arithmetic demo model (a Qwen2 checkpoint with its own BPE tokenizer).")
public final class TrainDemoCommand implements Runnable {

    @Mixin
    Common common;

    @Option(names = "--out", description = "Output checkpoint folder (default: models/demo-arithmetic).")
    Path out;

    // Unset options keep DemoTrainingConfig's defaults: the settings of the committed model.
    @Option(names = "--steps", description = "Optimizer steps (default: 2000).")
    Integer steps;

    @Option(names = "--seed", description = "Seed of the weights, tokenizer corpus and data (default: 1).")
    Long seed;

    @Option(names = "--batch-size", description = "Sequences a step (default: 32).")
    Integer batchSize;

    @Option(names = "--learning-rate", description = "Peak learning rate (default: 4e-3).")
    Double learningRate;

    @Option(names = "--hidden-size", description = "Model width; the MLP is 4x (default: 96).")
    Integer hiddenSize;

    @Option(names = "--layers", description = "Decoder layers (default: 4).")
    Integer layers;

    @Option(names = "--init-from", description = "Continue training a previous run's checkpoint (same seed and shape).")
    Path initFrom;

    @Option(names = "--warmup", description = "Warmup steps (default: 100).")
    Integer warmup;

    @Option(names = "--save-every", description = "Also write the weights every N steps (default: only at the end).")
    Integer saveEvery;

    @Override
    public void run() {
        Path target = out != null ? out : Common.defaultModel();
        DemoTrainingConfig.Builder builder = DemoTrainingConfig.builder().setOutputDir(target);
        Optional.ofNullable(steps).ifPresent(builder::optSteps);
        Optional.ofNullable(seed).ifPresent(builder::optSeed);
        Optional.ofNullable(batchSize).ifPresent(builder::optBatchSize);
        Optional.ofNullable(learningRate).ifPresent(builder::optLearningRate);
        Optional.ofNullable(hiddenSize).ifPresent(h -> builder.optHiddenSize(h).optIntermediateSize(4 * h));
        Optional.ofNullable(layers).ifPresent(builder::optLayers);
        Optional.ofNullable(saveEvery).ifPresent(builder::optSaveEvery);
        Optional.ofNullable(warmup).ifPresent(builder::optWarmupSteps);
        builder.optInitFrom(initFrom);
        DemoTrainingConfig config = builder.build();
        DemoTrainer.Report report;
        try (ProgressBar bar = Progress.bar("train-demo", config.steps(), "steps")) {
            report = new DemoTrainer(config).run((step, loss, lr) -> {
                bar.stepTo(step);
                bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f lr %.1e", loss, lr));
            });
        }
        System.out.printf(Locale.ROOT, "trained %,d parameters (vocab %d) for %d steps in %.0f s: loss %.4f -> %.4f;"
                        + " wrote %s%n", report.parameters(), report.vocabSize(), config.steps(), report.seconds(),
                report.meanLoss(false, 10), report.meanLoss(true, 10), target);
    }
}
