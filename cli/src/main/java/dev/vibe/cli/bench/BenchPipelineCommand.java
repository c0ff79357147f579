package dev.vibe.cli.bench;

import dev.vibe.cli.Common;
import dev.vibe.cli.Progress;
import dev.vibe.engine.Engine;
import dev.vibe.engine.EngineConfig;
import dev.vibe.engine.GenerationRequest;
import dev.vibe.engine.GenerationResult;
import dev.vibe.engine.SamplingParams;
import dev.vibe.engine.SharedEngines;
import dev.vibe.engine.checkpoint.ModelShape;
import dev.vibe.engine.checkpoint.RandomCheckpoint;
import dev.vibe.jobs.generate.GenerateJob;
import dev.vibe.operators.fanout.PromptFormat;
import dev.vibe.operators.fanout.SampleSeeds;
import dev.vibe.operators.metrics.LiveProgress;
import dev.vibe.pipeline.GenerationOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Tokens/s of the whole generation job (embedded MiniCluster, JSONL file → fan-out → Async I/O → Parquet) against
 * the bare engine, on the same model, prompts, seeds and concurrency. The job reuses the engine the bare run
 * warmed up (the JVM's shared engine), so both measure generation, not loading. A benchmark: prints figures,
 * asserts nothing.
 */
@Command(name = "pipeline", description = "Benchmark the whole job (file -> Parquet on a MiniCluster) against the bare"
        + " engine: tokens/s of both and their ratio.")
public final class BenchPipelineCommand implements Runnable {

    @Mixin
    Common common;

    @ArgGroup(exclusive = true)
    BenchEngineCommand.Source source; // --model DIR | --shape SHAPE, as bench engine

    @Option(names = "--concurrency", defaultValue = "16",
            description = "Engine slots, i.e. sequences decoded together (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--problems", defaultValue = "512",
            description = "Problems, one sample each (default: ${DEFAULT-VALUE}; runs of about a second measure mostly noise).")
    int problems;

    @Option(names = "--new-tokens", defaultValue = "64",
            description = "Max new tokens per request (default: ${DEFAULT-VALUE}).")
    int newTokens;

    @Option(names = "--parallelism", defaultValue = "2",
            description = "Job parallelism; all subtasks share the one engine (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--rounds", defaultValue = "2",
            description = "Alternating bare/job rounds; the last one is reported (default: ${DEFAULT-VALUE}).")
    int rounds;

    static final long RUN_SEED = 1;
    static final double TEMPERATURE = 1.0;

    @Override
    public void run() {
        try {
            Path work = Files.createTempDirectory("vibe-bench-pipeline");
            Path model = model(work);
            List<String> ids = new ArrayList<>();
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < problems; i++) {
                ids.add("b" + i);
                lines.add("{\"id\":\"b" + i + "\",\"problem\":\"What is " + (i + 17) + " times " + (i % 9 + 2)
                        + "?\"}");
            }
            Path input = work.resolve("problems.jsonl");
            Files.write(input, lines, StandardCharsets.UTF_8);
            EngineConfig config = EngineConfig.builder().setModelDir(model).optDevice(device)
                    .optMaxSlots(concurrency).build();
            try (Engine engine = SharedEngines.acquire(config)) { // held: the job reuses this warmed engine
                warmUp(engine);
                // alternate, so neither side gets a warmer JVM; the last round is the figure
                Figures bare = null;
                Figures job = null;
                for (int round = 1; round <= rounds; round++) {
                    bare = bare(engine, ids);
                    job = job(model, input, work.resolve("out-" + round));
                    if (round < rounds) {
                        System.err.printf(Locale.ROOT, "round %d (warm-up): bare %.1f tokens/s, job %.1f tokens/s%n",
                                round, bare.tokensPerSecond(), job.tokensPerSecond());
                    }
                }
                print(engine, bare, job);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private record Figures(long tokens, long spanMillis, long wallMillis) {
        double tokensPerSecond() {
            return spanMillis == 0 ? 0 : tokens * 1000.0 / spanMillis;
        }
    }

    private Path model(Path work) {
        if (source != null && source.model != null) {
            return source.model;
        }
        if (source != null && source.shape != null) {
            return RandomCheckpoint.builder().setShape(ModelShape.of(source.shape)).build().write(work.resolve("model"));
        }
        return Common.defaultModel();
    }

    private SamplingParams sampling(String id) {
        return SamplingParams.builder().optTemperature(TEMPERATURE).optTopP(1.0).optMaxNewTokens(newTokens)
                .optSeed(SampleSeeds.seed(id, 0, RUN_SEED)).build();
    }

    private void warmUp(Engine engine) {
        List<CompletableFuture<GenerationResult>> futures = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            futures.add(engine.submit(new GenerationRequest("warm-" + i,
                    PromptFormat.authors().render("Warm up " + i + ".", null), sampling("warm-" + i))));
        }
        futures.forEach(CompletableFuture::join);
    }

    /** All requests submitted at once: the engine keeps its slots full from its own queue. */
    private Figures bare(Engine engine, List<String> ids) {
        List<CompletableFuture<GenerationResult>> futures = new ArrayList<>();
        long start = System.nanoTime();
        try (ProgressBar bar = Progress.bar("bare engine", ids.size(), "requests")) {
            for (int i = 0; i < ids.size(); i++) {
                String problem = "What is " + (i + 17) + " times " + (i % 9 + 2) + "?";
                futures.add(engine.submit(new GenerationRequest(ids.get(i),
                        PromptFormat.authors().render(problem, null), sampling(ids.get(i))))
                        .whenComplete((r, e) -> bar.step()));
            }
            long tokens = futures.stream().map(CompletableFuture::join).mapToLong(GenerationResult::completionTokens)
                    .sum();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            return new Figures(tokens, millis, millis);
        }
    }

    private Figures job(Path model, Path input, Path out) throws Exception {
        GenerationOptions options = GenerationOptions.builder().setProblems(input).setModelDir(model).setOut(out)
                .optRunId("bench-" + out.getFileName()).optSamples(1).optSeed(RUN_SEED).optTemperature(TEMPERATURE).optTopP(1.0)
                .optMaxNewTokens(newTokens).optSlots(concurrency).optParallelism(parallelism).optDevice(device)
                .build();
        LiveProgress live = LiveProgress.of(options.runId());
        long start = System.nanoTime();
        JobClient client = GenerateJob.start(GenerateJob.localEnvironment(parallelism), options);
        try (ProgressBar bar = Progress.bar("whole job", problems, "requests")) {
            CompletableFuture<JobExecutionResult> done = client.getJobExecutionResult();
            while (!done.isDone()) {
                bar.stepTo(live.rows());
                Thread.sleep(200);
            }
            done.get();
            bar.stepTo(live.rows());
            return new Figures(live.generatedTokens(), live.generationSpanMillis(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } finally {
            LiveProgress.forget(options.runId());
        }
    }

    private void print(Engine engine, Figures bare, Figures job) {
        System.out.printf(Locale.ROOT, "model %s on %s, %d problems x 1 sample, up to %d new tokens, concurrency %d,"
                + " job parallelism %d%n", engine.model().id(), device, problems, newTokens, concurrency, parallelism);
        System.out.printf(Locale.ROOT, "  bare engine   %8d tokens in %7.2f s   %9.1f tokens/s%n", bare.tokens(),
                bare.spanMillis() / 1000.0, bare.tokensPerSecond());
        System.out.printf(Locale.ROOT, "  whole job     %8d tokens in %7.2f s   %9.1f tokens/s   (job wall time %.2f s,"
                + " with start-up and Parquet commit)%n", job.tokens(), job.spanMillis() / 1000.0,
                job.tokensPerSecond(), job.wallMillis() / 1000.0);
        System.out.printf(Locale.ROOT, "  ratio         %.1f%% of the bare engine (target >= 90%%)%n",
                bare.tokensPerSecond() == 0 ? 0 : 100 * job.tokensPerSecond() / bare.tokensPerSecond());
    }
}
