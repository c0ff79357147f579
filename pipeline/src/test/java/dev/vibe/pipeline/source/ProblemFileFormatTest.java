package dev.vibe.pipeline.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vibe.operators.parse.InvalidProblemException;
import dev.vibe.operators.parse.ProblemParser;
import dev.vibe.operators.parse.RawInput;
import dev.vibe.operators.parse.RejectCategory;
import dev.vibe.operators.parse.ValueFormat;
import dev.vibe.pipeline.testing.SharedData;
import dev.vibe.schemas.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProblemFileFormatTest {

    @TempDir
    Path dir;

    private static FileSourceSplit split(Path file) throws IOException {
        long len = Files.size(file);
        return new FileSourceSplit("0", new org.apache.flink.core.fs.Path(file.toUri()), 0, len, 0, len);
    }

    /** Every record with the position after it, as the FileSource sees them. */
    private static List<RecordAndPosition<RawInput>> readAll(BulkFormat.Reader<RawInput> reader) throws IOException {
        List<RecordAndPosition<RawInput>> out = new ArrayList<>();
        try (reader) {
            for (var batch = reader.readBatch(); batch != null; batch = reader.readBatch()) {
                for (var r = batch.next(); r != null; r = batch.next()) {
                    out.add(new RecordAndPosition<>(r.getRecord(), r.getOffset(), r.getRecordSkipCount()));
                }
                batch.releaseBatch();
            }
        }
        return out;
    }

    @Test
    void jsonlKeepsExactLineBytesAndOneBasedLineNumbers() throws IOException {
        Path file = dir.resolve("set.jsonl");
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        Files.write(file, concat(bom, "{\"id\":\"a\"}\r\n\n  \n{\"id\":\"b\", \"x\":\"é\"}\nlast-no-newline"
                .getBytes(StandardCharsets.UTF_8)));

        List<RecordAndPosition<RawInput>> records = readAll(new ProblemFileFormat(1000).createReader(
                new Configuration(), split(file)));

        String label = "file:" + file.toAbsolutePath();
        assertThat(records).extracting(r -> r.getRecord().origin)
                .containsExactly(label + ":1", label + ":4", label + ":5");
        assertThat(records).extracting(r -> new String(r.getRecord().bytes, StandardCharsets.UTF_8))
                .containsExactly("{\"id\":\"a\"}", "{\"id\":\"b\", \"x\":\"é\"}", "last-no-newline");
        assertThat(records).extracting(r -> r.getRecord().sourceHint).containsOnly("set");
        assertThat(records).extracting(RecordAndPosition::getRecordSkipCount).containsExactly(1L, 2L, 3L);
    }

    @Test
    void restoredReaderSkipsTheRecordsAlreadyEmitted() throws IOException {
        Path file = dir.resolve("set.jsonl");
        Files.writeString(file, "{\"id\":1}\n{\"id\":2}\n\n{\"id\":3}\n{\"id\":4}\n");
        FileSourceSplit restored = split(file).updateWithCheckpointedPosition(
                new CheckpointedPosition(CheckpointedPosition.NO_OFFSET, 2));

        List<RecordAndPosition<RawInput>> records = readAll(new ProblemFileFormat(1000).restoreReader(
                new Configuration(), restored));

        assertThat(records).extracting(r -> new String(r.getRecord().bytes, StandardCharsets.UTF_8))
                .containsExactly("{\"id\":3}", "{\"id\":4}");
        assertThat(records.get(0).getRecord().origin).endsWith(":4");
        assertThat(records).extracting(RecordAndPosition::getRecordSkipCount).containsExactly(3L, 4L);
    }

    @Test
    void overlongLineIsCutSoTheParserRejectsItAsTooLarge() throws IOException {
        Path file = dir.resolve("big.jsonl");
        Files.writeString(file, "{\"id\":\"big\",\"problem\":\"" + "x".repeat(5000) + "\"}\n{\"id\":\"ok\",\"problem\":\"q\"}\n");

        List<RecordAndPosition<RawInput>> records = readAll(new ProblemFileFormat(100).createReader(
                new Configuration(), split(file)));

        assertThat(records).hasSize(2);
        assertThat(records.get(0).getRecord().bytes).hasSize(101);
        ProblemParser parser = new ProblemParser(ValueFormat.JSON, 100);
        try {
            parser.parse(records.get(0).getRecord());
            throw new AssertionError("expected a rejection");
        } catch (InvalidProblemException e) {
            assertThat(e.category()).isEqualTo(RejectCategory.TOO_LARGE);
        }
        assertThat(records.get(1).getRecord().origin).endsWith(":2");
    }

    @Test
    void verlAime24ParsesThirtyProblemsWithGroundTruth() throws Exception {
        List<Problem> problems = parseAll(SharedData.evalSet("aime24.parquet"));

        assertThat(problems).hasSize(30);
        assertThat(problems).allSatisfy(p -> {
            assertThat(p.getAnswer()).isNotBlank();
            assertThat(p.getKind()).isEqualTo("math");
            assertThat(p.getSource()).isEqualTo("aime24");
            assertThat(p.getMessages()).singleElement().satisfies(m -> assertThat(m.getRole()).isEqualTo("user"));
            assertThat(p.getMessages().get(0).getContent()).contains("\\boxed{}");
        });
        assertThat(problems).extracting(Problem::getId).doesNotHaveDuplicates().contains("aime24-0", "aime24-29");
        assertThat(problems.get(1).getAnswer()).isEqualTo("025");
        assertThat(problems.get(1).getOrigin()).endsWith("aime24.parquet#1");
    }

    @Test
    void verlGpqaDiamondParses198Problems() throws Exception {
        List<Problem> problems = parseAll(SharedData.evalSet("gpqa-diamond.parquet"));

        assertThat(problems).hasSize(198);
        assertThat(problems).extracting(Problem::getAnswer).allSatisfy(a -> assertThat(a).isIn("A", "B", "C", "D"));
        assertThat(problems).extracting(Problem::getId).doesNotHaveDuplicates();
    }

    private static List<Problem> parseAll(Path file) throws Exception {
        ProblemParser parser = new ProblemParser(ValueFormat.AUTO);
        List<Problem> out = new ArrayList<>();
        for (var r : readAll(new ProblemFileFormat(ProblemParser.DEFAULT_MAX_BYTES).createReader(
                new Configuration(), split(file)))) {
            out.add(parser.parse(r.getRecord()));
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
