package dev.vibe.jobs.grade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vibe.schemas.Grade;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificData;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The printed and written scores of a crafted set of grades, against a hand computation.
 *
 * <p>Problem A (4 samples): correct T F T F, answers 42 41 42 41 (tie: 42 seen first, correct). Problem B (4 counted
 * samples + 1 UNGRADABLE): correct F F F T, answers 7 7 8 9 (majority 7, wrong). Problem C: only UNGRADABLE.
 * pass@1 = mean(1 - 2/4, 1 - 3/4) = 0.375; pass@2 = mean(1 - C(2,2)/C(4,2), 1 - C(3,2)/C(4,2)) = mean(5/6, 1/2)
 * = 0.666…; pass@4 = 1; avg@4 = 0.375; maj@4 = mean(1, 0) = 0.5. Code problem D: AC, WA → pass@1 0.5, pass@2 1.
 * A#1 was graded twice: first CORRECT, later WRONG; only the later grade counts.
 */
class GradeSummaryTest {

    @TempDir
    Path out;

    @Test
    void printsPassAtKMajorityAndMeanAccuracyAsComputedByHand() throws Exception {
        writeCraftedGrades();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<GradeSummary> runs = GradeJob.summarize(out, null, true, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String printed = bytes.toString(StandardCharsets.UTF_8);

        assertThat(runs).singleElement().extracting(GradeSummary::runId).isEqualTo("r1");
        assertThat(printed).contains("math  2 problems, 8 samples: avg@4 37.50%  maj@4 50.00%  pass@1 37.50%"
                + "  pass@2 66.67%  pass@4 100.00%");
        assertThat(printed).contains("code  1 problems, 2 samples: avg@2 50.00%  pass@1 50.00%  pass@2 100.00%");
        assertThat(printed).contains("math  1 problems without a gradable sample");
        assertThat(printed).contains("verdicts: AC 1, CORRECT 3, UNGRADABLE 2, WA 1, WRONG 5");
        assertThat(printed).containsPattern("A\\s+math\\s+4\\s+2\\s+50.00%\\s+50.00%\\s+42 \\(correct\\)");
        assertThat(printed).containsPattern("B\\s+math\\s+4\\s+1\\s+25.00%\\s+25.00%\\s+7 \\(wrong\\)");

        JsonNode json = new ObjectMapper().readTree(out.resolve("grades/run=r1/summary.json").toFile());
        assertThat(json.at("/kinds/math/pass_at_k/2").asDouble()).isCloseTo(2.0 / 3, org.assertj.core.data.Offset
                .offset(1e-12));
        assertThat(json.at("/kinds/math/maj_at_n").asDouble()).isEqualTo(0.5);
        assertThat(json.at("/kinds/math/mean_accuracy").asDouble()).isEqualTo(0.375);
        assertThat(json.at("/kinds/code/pass_at_k/1").asDouble()).isEqualTo(0.5);
        assertThat(json.at("/grades").asInt()).isEqualTo(12);
    }

    @Test
    void saysSoWhenThereAreNoGrades() {
        assertThatThrownBy(() -> GradeJob.summarize(out, null, false, System.out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no grades under");
    }

    private void writeCraftedGrades() throws Exception {
        Path dir = out.resolve("grades/run=r1");
        Files.createDirectories(dir);
        write(dir.resolve("part-a.parquet"), List.of(
                grade("A", 0, "math", "CORRECT", "42", 10), grade("A", 1, "math", "CORRECT", "41", 10),
                grade("A", 2, "math", "CORRECT", "42", 10), grade("A", 3, "math", "WRONG", "41", 10),
                grade("B", 0, "math", "WRONG", "7", 10), grade("B", 1, "math", "WRONG", "7", 10),
                grade("B", 2, "math", "WRONG", "8", 10), grade("B", 3, "math", "CORRECT", "9", 10),
                grade("B", 4, "math", "UNGRADABLE", null, 10), grade("C", 0, "math", "UNGRADABLE", null, 10),
                grade("D", 0, "code", "AC", null, 10), grade("D", 1, "code", "WA", null, 10)));
        write(dir.resolve("part-b.parquet"), List.of(grade("A", 1, "math", "WRONG", "41", 20)));
        // an uncommitted file of a crashed job: never read
        write(dir.resolve(".part-c.parquet.inprogress.parquet"), List.of(grade("A", 3, "math", "CORRECT", "42", 30)));
    }

    private static Grade grade(String problem, int sample, String kind, String verdict, String answer, long at) {
        boolean counted = !verdict.equals("UNGRADABLE");
        boolean correct = verdict.equals("CORRECT") || verdict.equals("AC");
        return Grade.newBuilder().setRunId("r1").setProblemId(problem).setSampleIndex(sample).setKind(kind)
                .setCorrect(correct).setVerdict(verdict).setReason("crafted").setCounted(counted)
                .setExtractedAnswer(answer).setAnswerKey(answer).setFinishReason("stop")
                .setGraderVersion("vibe-grading test+0000000000").setGradingMillis(1)
                .setGradedAt(Instant.ofEpochMilli(at)).build();
    }

    private static void write(Path file, List<Grade> grades) throws Exception {
        try (ParquetWriter<Grade> w = AvroParquetWriter.<Grade>builder(new LocalOutputFile(file))
                .withSchema(Grade.getClassSchema()).withDataModel(SpecificData.getForClass(Grade.class))
                .withConf(new PlainParquetConfiguration()).build()) {
            for (Grade g : grades) {
                w.write(g);
            }
        }
    }
}
