package dev.vibe.pipeline.source;

import dev.vibe.operators.parse.RawInput;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;

/**
 * Reads a whole JSONL or Parquet file (by extension) as {@link RawInput}s: the line's bytes or the Parquet row as
 * JSON, with the origin (file and line/row) and the file's stem as the source hint.
 *
 * <p>A {@link BulkFormat} rather than a {@code StreamFormat} because the origin needs the file's path, which only
 * the split carries. Files are not split; the checkpointed position is the count of records already emitted, and a
 * restored reader skips that many (the rows are cheap to re-read, and this is exact for both formats).
 */
public final class ProblemFileFormat implements BulkFormat<RawInput, FileSourceSplit> {

    private static final long serialVersionUID = 1L;
    private static final int BATCH = 256;

    private final int maxLineBytes;

    /** @param maxLineBytes longer JSONL lines are cut just past this (the parser then rejects them as too large) */
    public ProblemFileFormat(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    /** True for the file names this format reads: {@code *.jsonl} and {@code *.parquet}. */
    public static boolean isProblemFile(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".jsonl") || n.endsWith(".parquet");
    }

    @Override
    public Reader<RawInput> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new FileReader(open(split), 0);
    }

    @Override
    public Reader<RawInput> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        long skip = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        return new FileReader(open(split), skip);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<RawInput> getProducedType() {
        return TypeInformation.of(RawInput.class);
    }

    private RecordFile open(FileSourceSplit split) throws IOException {
        Path path = split.path();
        FSDataInputStream in = path.getFileSystem().open(path);
        String name = path.getName();
        String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        String label = "file:" + path.toUri().getPath();
        try {
            if (name.toLowerCase(Locale.ROOT).endsWith(".parquet")) {
                return new ParquetRows(in, split.fileSize(), label, stem);
            }
            return new JsonLines(in, label, stem, maxLineBytes);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw new IOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** The records of one file, in order. */
    public interface RecordFile extends Iterator<RawInput>, AutoCloseable {
        @Override
        void close() throws IOException;
    }

    /** The records of one problem file, outside Flink (e.g. to load a topic). */
    public static RecordFile open(Path file, int maxLineBytes) throws IOException {
        long length = file.getFileSystem().getFileStatus(file).getLen();
        return new ProblemFileFormat(maxLineBytes).open(new FileSourceSplit("local", file, 0, length, 0, length));
    }

    private static final class FileReader implements Reader<RawInput> {
        private final RecordFile file;
        private long emitted;

        FileReader(RecordFile file, long skip) throws IOException {
            this.file = file;
            while (emitted < skip && file.hasNext()) {
                file.next();
                emitted++;
            }
            if (emitted < skip) {
                throw new IOException("file has fewer records (" + emitted + ") than the checkpoint says were read ("
                        + skip + "): it changed since");
            }
        }

        @Override
        public RecordIterator<RawInput> readBatch() {
            RawInput[] batch = new RawInput[BATCH];
            int n = 0;
            while (n < BATCH && file.hasNext()) {
                batch[n++] = file.next();
            }
            if (n == 0) {
                return null;
            }
            ArrayResultIterator<RawInput> it = new ArrayResultIterator<>();
            // position after record i is "emitted + i + 1 records read", expressed as a skip count from no offset
            it.set(batch, n, CheckpointedPosition.NO_OFFSET, emitted);
            emitted += n;
            return it;
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
