package dev.vibe.jobs.grade;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

/**
 * The committed grades under {@code OUT/grades/run=<id>/}, read back after a job (or for {@code --summary-only}),
 * by run. A sample graded more than once (a re-grade over the same output) counts once, with its latest grade.
 * Hidden files ({@code .part-…inprogress}) are never committed rows and are skipped.
 */
public final class GradedSamples {

    /** The columns the summary needs (a projection: the rest of a grade row is not read). */
    private static final Schema PROJECTION = SchemaBuilder.record("Grade").namespace("dev.vibe.schemas").fields()
            .requiredString("run_id").requiredString("problem_id").requiredInt("sample_index")
            .requiredString("kind").requiredBoolean("correct").requiredString("verdict").requiredBoolean("counted")
            .optionalString("answer_key").requiredString("grader_version")
            .name("graded_at").type(SchemaBuilder.builder().longType()).noDefault()
            .endRecord();

    /** One graded sample. */
    public record Row(String runId, String problemId, int sampleIndex, String kind, boolean correct, String verdict,
            boolean counted, String answerKey, String graderVersion, long gradedAt) {
    }

    private GradedSamples() {
    }

    /** Latest grade of every sample, by run id (sorted); empty when {@code gradesDir} does not exist. */
    public static Map<String, List<Row>> byRun(Path gradesDir) {
        Map<String, Row> latest = new HashMap<>();
        if (Files.isDirectory(gradesDir)) {
            for (Path file : parquetFiles(gradesDir)) {
                for (Row r : read(file)) {
                    latest.merge(r.runId() + "\u0000" + r.problemId() + "\u0000" + r.sampleIndex(), r,
                            (a, b) -> b.gradedAt() >= a.gradedAt() ? b : a);
                }
            }
        }
        Map<String, List<Row>> runs = new TreeMap<>();
        for (Row r : latest.values()) {
            runs.computeIfAbsent(r.runId(), k -> new ArrayList<>()).add(r);
        }
        return runs;
    }

    private static Collection<Path> parquetFiles(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".parquet")
                            && !hidden(dir.relativize(p)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (name.startsWith(".") || name.startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    private static List<Row> read(Path file) {
        PlainParquetConfiguration conf = new PlainParquetConfiguration();
        conf.set(AvroReadSupport.AVRO_REQUESTED_PROJECTION, PROJECTION.toString());
        List<Row> rows = new ArrayList<>();
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file),
                conf).withDataModel(GenericData.get()).build()) {
            for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
                Object key = r.get("answer_key");
                rows.add(new Row(r.get("run_id").toString(), r.get("problem_id").toString(),
                        (Integer) r.get("sample_index"), r.get("kind").toString(), (Boolean) r.get("correct"),
                        r.get("verdict").toString(), (Boolean) r.get("counted"), key == null ? null : key.toString(),
                        r.get("grader_version").toString(), (Long) r.get("graded_at")));
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read grades from " + file + ": " + e.getMessage(), e);
        }
        return rows;
    }
}
