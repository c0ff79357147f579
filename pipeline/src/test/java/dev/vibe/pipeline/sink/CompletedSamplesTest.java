package dev.vibe.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vibe.pipeline.testing.TestSolutions;
import dev.vibe.schemas.Problem;
import dev.vibe.schemas.Solution;
import dev.vibe.schemas.SolutionRequest;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.specific.SpecificData;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletedSamplesTest {

    @TempDir
    Path out;

    private static final Problem P = Problem.newBuilder().setId("p").setProblem("q").setKind("math").setSource("s")
            .setOrigin("").build();
    private static final Problem Q = Problem.newBuilder(P).setId("q").build();

    @Test
    void readsFinishedPairsOfEveryRunAndRetriesErrors() throws Exception {
        write(out.resolve("solutions/run=a/part-1.parquet"), List.of(
                TestSolutions.of(P, 0, "a", "stop"), TestSolutions.of(P, 1, "a", "length"),
                TestSolutions.of(P, 2, "a", "error")));
        write(out.resolve("solutions/run=b/part-1.parquet"), List.of(TestSolutions.of(Q, 3, "b", "stop")));

        CompletedSamples done = CompletedSamples.load(out.toString());

        assertThat(done.contains("p", 0)).isTrue();
        assertThat(done.contains("p", 1)).isTrue();
        assertThat(done.contains("p", 2)).as("error rows are retried").isFalse();
        assertThat(done.contains("q", 3)).isTrue();
        assertThat(done.contains("q", 0)).isFalse();
        assertThat(done.contains("other", 0)).isFalse();
        assertThat(done.size()).isEqualTo(3);
        assertThat(done.rowsRead()).isEqualTo(4);
        assertThat(done.problemIds()).containsExactlyInAnyOrder("p", "q");
    }

    @Test
    void ignoresUncommittedHiddenFilesOfACrashedRun() throws Exception {
        write(out.resolve("solutions/run=a/.part-1.parquet.inprogress.0"), List.of(TestSolutions.of(P, 0, "a", "stop")));
        write(out.resolve("solutions/run=a/_tmp/part-2.parquet"), List.of(TestSolutions.of(P, 1, "a", "stop")));
        write(out.resolve("solutions/run=a/part-3.parquet"), List.of(TestSolutions.of(P, 2, "a", "stop")));

        CompletedSamples done = CompletedSamples.load(out.toString());

        assertThat(done.contains("p", 0)).isFalse();
        assertThat(done.contains("p", 1)).isFalse();
        assertThat(done.contains("p", 2)).isTrue();
    }

    @Test
    void missingOutputMeansNothingDoneAndTheSetIsSerializable() throws Exception {
        CompletedSamples done = CompletedSamples.load(out.resolve("fresh").toString());

        assertThat(done.size()).isZero();
        new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(done);
    }

    @Test
    void skipCompletedDropsOnlyFinishedRequests() throws Exception {
        write(out.resolve("solutions/run=a/part-1.parquet"), List.of(TestSolutions.of(P, 0, "a", "stop")));
        SkipCompleted filter = new SkipCompleted(CompletedSamples.load(out.toString()));

        assertThat(filter.filter(request("p", 0))).isFalse();
        assertThat(filter.filter(request("p", 1))).isTrue();
    }

    private static SolutionRequest request(String id, int index) {
        return SolutionRequest.newBuilder().setRunId("r").setProblemId(id).setSampleIndex(index).setSeed(1)
                .setSource("s").setKind("math").setPrompt("x").setTemperature(0).setTopP(1).setTopK(0)
                .setMaxNewTokens(1).build();
    }

    private static void write(Path file, List<Solution> rows) throws Exception {
        Files.createDirectories(file.getParent());
        try (ParquetWriter<Solution> w = AvroParquetWriter.<Solution>builder(new LocalOutputFile(file))
                .withSchema(Solution.getClassSchema()).withDataModel(SpecificData.getForClass(Solution.class))
                .withConf(new PlainParquetConfiguration()).build()) {
            for (Solution s : rows) {
                w.write(s);
            }
        }
    }
}
