package dev.vibe.cli.model;

import dev.vibe.cli.Common;
import dev.vibe.cli.Progress;
import dev.vibe.engine.train.DemoTrainer;
import dev.vibe.engine.train.DemoTrainingConfig;
import java.nio.file.Path;
import java.util.Locale;
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

    @Option(names = "--steps", description = "Optimizer steps (default: ${DEFAULT-VALUE}).", defaultValue = "2000")
    int steps;

    @Option(names = "--seed", description = "Seed of the weights, tokenizer corpus and data (default: ${DEFAULT-VALUE}).",
            defaultValue = "1")
    long seed;

    @Option(names = "--batch-size", description = "Sequences a step (default: ${DEFAULT-VALUE}).", defaultValue = "32")
    int batchSize;

    @Option(names = "--learning-rate", description = "Peak learning rate (default: ${DEFAULT-VALUE}).",
            defaultValue = "4e-3")
    double learningRate;

    @Option(names = "--hidden-size", description = "Model width (default: ${DEFAULT-VALUE}).", defaultValue = "96")
    int hiddenSize;

    @Option(names = "--layers", description = "Decoder layers (default: ${DEFAULT-VALUE}).", defaultValue = "4")
    int layers;

    @Option(names = "--save-every", description = "Also write the weights every N steps (default: only at the end).",
            defaultValue = "0")
    int saveEvery;

    @Override
    public void run() {
        Path target = out != null ? out : Common.defaultModel();
        DemoTrainingConfig config = DemoTrainingConfig.builder().setOutputDir(target).optSteps(steps).optSeed(seed)
                .optBatchSize(batchSize).optLearningRate(learningRate).optHiddenSize(hiddenSize).optLayers(layers)
                .optIntermediateSize(4 * hiddenSize).optSaveEvery(saveEvery).build();
        DemoTrainer.Report report;
        try (ProgressBar bar = Progress.bar("train-demo", steps, "steps")) {
            report = new DemoTrainer(config).run((step, loss, lr) -> {
                bar.stepTo(step);
                bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f lr %.2e", loss, lr));
            });
        }
        System.out.printf(Locale.ROOT, "trained %,d parameters (vocab %d) for %d steps in %.0f s: loss %.4f -> %.4f;"
                        + " wrote %s%n", report.parameters(), report.vocabSize(), steps, report.seconds(),
                report.meanLoss(false, 10), report.meanLoss(true, 10), target);
    }
}
