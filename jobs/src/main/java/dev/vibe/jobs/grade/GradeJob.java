package dev.vibe.jobs.grade;

import dev.vibe.jobs.generate.GenerateJob;
import dev.vibe.jobs.generate.JobArguments;
import dev.vibe.jobs.generate.JobJar;
import dev.vibe.pipeline.GradingPipeline;
import dev.vibe.pipeline.GradingSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The grading job: {@code flink run -c dev.vibe.jobs.grade.GradeJob vibe-jobs-…-flink.jar --in DIR --out DIR}, and
 * what {@code bin/vibe grade} runs on an embedded MiniCluster or submits with {@code --cluster}. Options:
 * {@link GradeOptions}. A bounded job prints the scores of the grades it wrote when it ends (read back from
 * {@code OUT/grades}) and writes them as {@code summary.json} beside them.
 */
public final class GradeJob {

    private GradeJob() {
    }

    public static void main(String[] args) throws Exception {
        Configuration config = JobArguments.parse(GradeOptions.ALL, GradeOptions.FLAGS, args);
        if (config.get(GradeOptions.SUMMARY_ONLY)) {
            summarize(outOf(config), null, config.get(GradeOptions.PER_PROBLEM), System.out);
            return;
        }
        GradingSettings settings = toSettings(config);
        StreamExecutionEnvironment env = config.getOptional(GradeOptions.CLUSTER).isPresent()
                ? GenerateJob.remoteEnvironment(config.get(GradeOptions.CLUSTER), JobJar.locate())
                : StreamExecutionEnvironment.getExecutionEnvironment();
        GradingPipeline.build(env, settings);
        env.execute(jobName(settings));
        summarize(settings.out(), null, config.get(GradeOptions.PER_PROBLEM), System.out);
    }

    /** Starts the job on {@code env} without waiting; the caller follows it through the client. */
    public static JobClient start(StreamExecutionEnvironment env, GradingSettings settings) throws Exception {
        GradingPipeline.build(env, settings);
        return env.executeAsync(jobName(settings));
    }

    public static String jobName(GradingSettings settings) {
        return "vibe grade " + settings.runId();
    }

    /**
     * Prints the summary of every run graded under {@code out} (or of run {@code onlyRun}) and writes each one's
     * {@code summary.json}.
     *
     * @return the summaries
     * @throws IllegalArgumentException when there are no such grades
     */
    public static List<GradeSummary> summarize(Path out, String onlyRun, boolean perProblem, PrintStream print) {
        List<GradeSummary> runs = GradeSummary.read(out).stream()
                .filter(r -> onlyRun == null || r.runId().equals(onlyRun)).toList();
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no grades under " + out.resolve("grades")
                    + (onlyRun == null ? "" : " for run " + onlyRun));
        }
        for (GradeSummary run : runs) {
            print.print(run.format(perProblem));
            print.println("  summary: " + run.write(out));
        }
        return runs;
    }

    static Path outOf(Configuration c) {
        return Path.of(c.getOptional(GradeOptions.OUT)
                .orElseThrow(() -> new IllegalArgumentException("--out is required")));
    }

    /** A duration option: a bare number is seconds ({@code --math-timeout 5}), else Flink's syntax (500ms, 2min). */
    static Duration duration(Configuration c, ConfigOption<Duration> option) {
        String raw = c.toMap().get(option.key());
        if (raw != null && raw.strip().matches("\\d+(\\.\\d+)?")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(raw.strip()) * 1000));
        }
        try {
            return c.get(option);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + option.key() + ": '" + raw + "' is not a duration (e.g. 5, 5s,"
                    + " 500ms, 2min)");
        }
    }

    /** Validated settings from job options. */
    public static GradingSettings toSettings(Configuration c) {
        GradingSettings.Builder b = GradingSettings.builder();
        c.getOptional(GradeOptions.IN).ifPresent(p -> b.setSolutionsDir(Path.of(p)));
        c.getOptional(GradeOptions.TOPIC).ifPresent(t -> b.setKafkaInput(c.get(GradeOptions.KAFKA), t));
        c.getOptional(GradeOptions.KAFKA_OUT).ifPresent(t -> b.optKafkaOut(c.get(GradeOptions.KAFKA), t));
        if (c.getOptional(GradeOptions.KAFKA).isPresent() && c.getOptional(GradeOptions.TOPIC).isEmpty()
                && c.getOptional(GradeOptions.KAFKA_OUT).isEmpty()) {
            throw new IllegalArgumentException("--kafka needs --topic (input) or --kafka-out (output)");
        }
        c.getOptional(GradeOptions.RUN_ID).ifPresent(b::optRunId);
        return b.setOut(outOf(c))
                .optBounded(c.get(GradeOptions.BOUNDED))
                .optGroupId(c.get(GradeOptions.GROUP_ID))
                .optParallelism(c.get(GradeOptions.PARALLELISM))
                .optCheckpointInterval(duration(c, GradeOptions.CHECKPOINT_INTERVAL))
                .optMaxSandboxes(c.get(GradeOptions.MAX_SANDBOXES))
                .optMathTimeout(duration(c, GradeOptions.MATH_TIMEOUT))
                .optMathThreads(c.get(GradeOptions.MATH_THREADS))
                .optCodeTimeLimit(duration(c, GradeOptions.CODE_TIME_LIMIT))
                .optCodeMemoryMb(c.get(GradeOptions.CODE_MEMORY))
                .optSandboxUidBase(c.get(GradeOptions.SANDBOX_UID_BASE))
                .optSampleTimeout(duration(c, GradeOptions.SAMPLE_TIMEOUT))
                .build();
    }
}
