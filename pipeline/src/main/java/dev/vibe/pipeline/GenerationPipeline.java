package dev.vibe.pipeline;

import dev.vibe.operators.fanout.CompletedSampleFilter;
import dev.vibe.operators.fanout.FanOut;
import dev.vibe.operators.fanout.FanOutSettings;
import dev.vibe.operators.inference.InferenceSettings;
import dev.vibe.operators.inference.SolutionInference;
import dev.vibe.operators.metrics.RejectedTally;
import dev.vibe.operators.metrics.SolutionTally;
import dev.vibe.operators.parse.ProblemParser;
import dev.vibe.operators.parse.RawInput;
import dev.vibe.operators.parse.ValueFormat;
import dev.vibe.pipeline.sink.CompletedSamples;
import dev.vibe.pipeline.sink.KafkaSinks;
import dev.vibe.pipeline.sink.ParquetSinks;
import dev.vibe.pipeline.source.ProblemFileSource;
import dev.vibe.pipeline.source.ProblemIntake;
import dev.vibe.pipeline.source.ProblemKafkaSource;
import dev.vibe.schemas.Rejected;
import dev.vibe.schemas.Solution;
import dev.vibe.schemas.SolutionRequest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The generation job's topology:
 * <pre>
 * problems (files | Kafka) → parse → dedupe by id → fan-out (n samples, seeds, resume filter, length check)
 *     → inference (Async I/O on the TaskManager's shared engine) → Parquet solutions/run=ID
 * every dead letter (parse, duplicate, prompt too long) → Parquet rejected/run=ID
 * </pre>
 * Bounded input runs in BATCH mode; a Kafka topic in STREAMING mode with exactly-once checkpoints (the file sink
 * commits its files on each checkpoint; Async I/O checkpoints the requests in flight and re-issues them after a
 * restore, and a redone sample draws the same tokens because its seed is a function of its key).
 */
public final class GenerationPipeline {

    private GenerationPipeline() {
    }

    /** Adds the job to {@code env} (and sets its runtime mode and checkpointing); run it with {@code execute}. */
    public static void build(StreamExecutionEnvironment env, GenerationOptions o) {
        ExecutionModes.configure(env, o.bounded(), o.checkpointInterval(), o.parallelism());

        ProblemIntake intake = ProblemIntake.of(readRaw(env, o), new ProblemParser(ValueFormat.AUTO), o.runId());
        SingleOutputStreamOperator<SolutionRequest> requests = intake.problems()
                .process(new FanOut(fanOutSettings(o), completedFilter(o)), new AvroTypeInfo<>(SolutionRequest.class))
                .name("fan-out").uid("fan-out");
        DataStream<Solution> solutions = AsyncDataStream.unorderedWait(requests,
                        new SolutionInference(inferenceSettings(o)), o.requestTimeout().toMillis(),
                        TimeUnit.MILLISECONDS, o.asyncCapacity())
                .returns(new AvroTypeInfo<>(Solution.class))
                .name("generate").uid("generate")
                .map(new SolutionTally(o.runId())).returns(new AvroTypeInfo<>(Solution.class))
                .name("count solutions").uid("count-solutions");
        solutions.sinkTo(ParquetSinks.solutions(o.out().toString())).name("solutions parquet").uid("solutions-parquet");
        if (o.grader() != null) {
            GradingPipeline.gradeInto(solutions, o.grader(), o.out().toString(), o.runId()); // --grade (queue)
        }

        DataStream<Rejected> rejected = intake.rejected()
                .union(requests.getSideOutput(FanOut.REJECTED))
                .map(new RejectedTally(o.runId())).returns(new AvroTypeInfo<>(Rejected.class))
                .name("count rejected").uid("count-rejected");
        rejected.sinkTo(ParquetSinks.rejected(o.out().toString())).name("rejected parquet").uid("rejected-parquet");
        if (o.fromKafka()) {
            // Kafka input: dead letters also go back to Kafka, original bytes + reason headers (io's DLQ sink).
            rejected.sinkTo(KafkaSinks.deadLetters(o.kafkaBootstrap(), KafkaSinks.dlqTopic(o.kafkaTopic()),
                    DeliveryGuarantee.AT_LEAST_ONCE)).name("dead letters kafka").uid("dead-letters-kafka");
        }
    }

    static FanOutSettings fanOutSettings(GenerationOptions o) {
        return new FanOutSettings(o.runId(), o.samples(), o.seed(), o.promptFormat(), o.temperature(), o.topP(),
                o.topK(), o.maxNewTokens(), o.modelDir().toString());
    }

    static InferenceSettings inferenceSettings(GenerationOptions o) {
        return new InferenceSettings(o.modelDir().toString(), o.device(), o.dataType(), o.slots(), 0,
                o.requestTimeout().toMillis(), o.failOnceAfter());
    }

    private static DataStream<RawInput> readRaw(StreamExecutionEnvironment env, GenerationOptions o) {
        if (o.fromKafka()) {
            return env.fromSource(ProblemKafkaSource.builder().setBootstrapServers(o.kafkaBootstrap())
                    .setTopic(o.kafkaTopic()).optBounded(o.bounded()).build(),
                    WatermarkStrategy.noWatermarks(), "problems " + o.kafkaTopic()).uid("problems-kafka");
        }
        return env.fromSource(ProblemFileSource.builder().setPaths(List.of(o.problems().toString())).build(),
                WatermarkStrategy.noWatermarks(), "problems " + o.problems()).uid("problems-files");
    }

    /** Loaded on the TaskManager when the fan-out opens, so it sees what is committed at that moment. */
    private static CompletedSampleFilter completedFilter(GenerationOptions o) {
        String out = o.out().toString();
        return () -> CompletedSamples.load(out)::contains;
    }
}
