package dev.vibe.pipeline;

import dev.vibe.operators.grade.GradeSolutionsFunction;
import dev.vibe.operators.grade.GraderSettings;
import dev.vibe.operators.grade.GraderVersion;
import dev.vibe.operators.grade.SolutionChecks;
import dev.vibe.operators.parse.RawInput;
import dev.vibe.operators.parse.Rejections;
import dev.vibe.pipeline.sink.KafkaSinks;
import dev.vibe.pipeline.sink.ParquetSinks;
import dev.vibe.pipeline.source.ProblemKafkaSource;
import dev.vibe.pipeline.source.SolutionParquetFormat;
import dev.vibe.schemas.Grade;
import dev.vibe.schemas.Rejected;
import dev.vibe.schemas.Solution;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The grading job's topology:
 * <pre>
 * Solutions (Parquet of generate | Kafka, Avro binary) → checks (malformed → dead letter)
 *     → grade (Async I/O on the TaskManager's shared math grader and sandbox pool)
 *     → Parquet grades/run=&lt;solution run&gt; [+ Kafka topic]
 * dead letters → Parquet rejected/run=&lt;grading run&gt; [+ &lt;topic&gt;.dlq with Kafka input]
 * </pre>
 * Files and bounded topics run in BATCH mode; a topic otherwise in STREAMING mode with exactly-once checkpoints
 * (the Parquet sink commits on checkpoints, Async I/O re-issues the samples in flight after a restore, the grades
 * topic is written in Kafka transactions).
 */
public final class GradingPipeline {

    private GradingPipeline() {
    }

    /** Adds the grading job to {@code env} (runtime mode, checkpointing, parallelism included). */
    public static void build(StreamExecutionEnvironment env, GradingSettings s) {
        ExecutionModes.configure(env, s.bounded(), s.checkpointInterval(), s.parallelism());

        SingleOutputStreamOperator<Solution> solutions = s.solutions() != null
                ? readParquet(env, s) : readKafka(env, s);
        DataStream<Grade> grades = grade(solutions, s.grader(), s.asyncCapacity(), s.runId());
        grades.sinkTo(ParquetSinks.forRecords(Grade.class, new Path(s.out().toString(), GradingSettings.GRADES_DIR)))
                .name("write grades").uid("write-grades");
        if (s.kafkaOut() != null) {
            grades.sinkTo(KafkaSinks.grades(s.kafka(), s.kafkaOut(),
                            s.bounded() ? DeliveryGuarantee.AT_LEAST_ONCE : DeliveryGuarantee.EXACTLY_ONCE))
                    .name("grades to Kafka").uid("grades-kafka");
        }
        DataStream<Rejected> rejected = solutions.getSideOutput(Rejections.TAG);
        rejected.sinkTo(ParquetSinks.rejected(s.out().toString())).name("write dead letters").uid("write-rejected");
        if (s.topic() != null) {
            rejected.sinkTo(KafkaSinks.deadLetters(s.kafka(), KafkaSinks.dlqTopic(s.topic()),
                    DeliveryGuarantee.AT_LEAST_ONCE)).name("dead letters to Kafka").uid("rejected-kafka");
        }
    }

    /**
     * Grades {@code solutions} and writes the grades under {@code outDir/grades/run=<run>/}: what
     * {@code vibe generate --grade} appends to its Solution stream. {@code runId} keys its {@code GradeProgress}.
     */
    public static DataStream<Grade> gradeInto(DataStream<Solution> solutions, GraderSettings grader, String outDir,
            String runId) {
        DataStream<Grade> grades = grade(solutions, grader, 2 * Math.max(grader.maxSandboxes(), grader.mathThreads()),
                runId);
        grades.sinkTo(ParquetSinks.forRecords(Grade.class, new Path(outDir, GradingSettings.GRADES_DIR)))
                .name("write grades").uid("write-grades");
        return grades;
    }

    /** The Async I/O grading step; its grader version is computed here, once, on the client. */
    public static DataStream<Grade> grade(DataStream<Solution> solutions, GraderSettings grader, int capacity,
            String progressKey) {
        return AsyncDataStream.unorderedWait(solutions,
                        new GradeSolutionsFunction(grader, GraderVersion.of(grader), progressKey),
                        grader.sampleTimeout().toMillis(), TimeUnit.MILLISECONDS, capacity)
                .returns(new AvroTypeInfo<>(Grade.class))
                .name("grade").uid("grade");
    }

    private static SingleOutputStreamOperator<Solution> readParquet(StreamExecutionEnvironment env, GradingSettings s) {
        FileSource<Solution> source = FileSource
                .forRecordStreamFormat(new SolutionParquetFormat(),
                        new Path(s.solutions().toUri()))
                .setFileEnumerator(() -> new NonSplittingRecursiveEnumerator(GradingPipeline::visibleParquet))
                .build();
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "solutions")
                .returns(new AvroTypeInfo<>(Solution.class)).uid("read-solutions")
                .process(new SolutionChecks.Validate(s.runId()), new AvroTypeInfo<>(Solution.class))
                .name("check solutions").uid("check-solutions");
    }

    private static SingleOutputStreamOperator<Solution> readKafka(StreamExecutionEnvironment env, GradingSettings s) {
        return env.fromSource(ProblemKafkaSource.builder().setBootstrapServers(s.kafka()).setTopic(s.topic())
                                .optGroupId(s.groupId()).optBounded(s.bounded()).build(),
                        WatermarkStrategy.noWatermarks(), "solutions topic").uid("read-solutions")
                .process(new SolutionChecks.Decode(s.runId()), new AvroTypeInfo<>(Solution.class))
                .name("decode solutions").uid("decode-solutions");
    }

    /** Folders are entered unless hidden (in-progress files of a sink); files must be visible Parquet. */
    static boolean visibleParquet(Path path) {
        String name = path.getName();
        if (name.startsWith(".") || name.startsWith("_")) {
            return false;
        }
        try {
            return path.getFileSystem().getFileStatus(path).isDir() || name.endsWith(".parquet");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
