package dev.vibe.cli.generate;

import dev.vibe.cli.Common;
import dev.vibe.cli.JobOptionSpecs;
import dev.vibe.jobs.generate.GenerateJob;
import dev.vibe.jobs.generate.GenerateOptions;
import dev.vibe.jobs.generate.JobJar;
import dev.vibe.jobs.generate.RunSummary;
import dev.vibe.jobs.grade.GradeJob;
import dev.vibe.pipeline.GenerationOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code vibe generate}: the generation job on an embedded Flink MiniCluster (default) or a cluster
 * ({@code --cluster host:port}), with a progress bar and a summary at the end. Its options are the job's
 * {@link GenerateOptions}, turned into picocli options here so they are declared once.
 */
@Command(name = "generate", modelTransformer = GenerateCommand.JobOptions.class,
        description = {"Generate sampled solutions for a problem set on Flink and write them to Parquet.",
            "Input: --problems FILE_OR_DIR (JSONL/Parquet) or --kafka BOOTSTRAP --topic T [--bounded].",
            "Output: OUT/solutions/run=ID/*.parquet, dead letters in OUT/rejected/run=ID/. Samples already in OUT"
                + " are skipped, so rerunning after a crash only does what is missing."})
public final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Common common;

    @Override
    public Integer call() throws Exception {
        Configuration config = Configuration.fromMap(given(spec));
        GenerationOptions options = GenerateJob.toOptions(config, Common.defaultModel());
        String cluster = config.getOptional(GenerateOptions.CLUSTER).orElse(null);
        StreamExecutionEnvironment env = cluster != null
                ? GenerateJob.remoteEnvironment(cluster, JobJar.locate())
                : GenerateJob.localEnvironment(options.parallelism());
        JobExecutionResult result = JobProgress.run(env, options, cluster == null);
        System.out.println(RunSummary.of(options, result.getAllAccumulatorResults(),
                Duration.ofMillis(result.getNetRuntime())).format());
        if (options.grader() != null) { // --grade: the run's scores, read back from OUT/grades (queue)
            GradeJob.summarize(options.out(), options.runId(), false, System.out);
        }
        return 0;
    }

    /** The values given on the command line, by option key. */
    static Map<String, String> given(CommandSpec spec) {
        return JobOptionSpecs.given(spec, GenerateOptions.ALL);
    }

    /** Adds one picocli option per job option, with the job option's doc and default. */
    public static final class JobOptions implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return JobOptionSpecs.addTo(spec, GenerateOptions.ALL, GenerateOptions.FLAGS);
        }
    }
}
