package dev.vibe.pipeline.source;

import dev.vibe.operators.parse.ProblemParser;
import dev.vibe.operators.parse.RawInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * A bounded Flink {@link FileSource} of problem files: each path is a {@code *.jsonl} / {@code *.parquet} file or a
 * folder searched recursively for them (names starting with '.' or '_' are skipped, as Flink's sinks write their
 * in-progress files so).
 *
 * <pre>{@code
 * FileSource<RawInput> src = ProblemFileSource.builder().setPaths(List.of("problems/")).build();
 * env.fromSource(src, WatermarkStrategy.noWatermarks(), "problems");
 * }</pre>
 */
public final class ProblemFileSource {

    private ProblemFileSource() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Paths and limits; {@link #build()} checks that every path exists and holds at least one problem file. */
    public static final class Builder {
        private final List<Path> paths = new ArrayList<>();
        private int maxRecordBytes = ProblemParser.DEFAULT_MAX_BYTES;

        /** Required: the files or folders to read. */
        public Builder setPaths(List<String> paths) {
            this.paths.clear();
            for (String p : paths) {
                this.paths.add(new Path(Objects.requireNonNull(p, "path")));
            }
            return this;
        }

        /** JSONL lines longer than this are cut (and then rejected by the parser); default 4 MiB. */
        public Builder optMaxRecordBytes(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("max record bytes must be >= 1, got " + bytes);
            }
            this.maxRecordBytes = bytes;
            return this;
        }

        public FileSource<RawInput> build() {
            if (paths.isEmpty()) {
                throw new IllegalArgumentException("no problem files given");
            }
            for (Path p : paths) {
                check(p);
            }
            return FileSource.forBulkFileFormat(new ProblemFileFormat(maxRecordBytes), paths.toArray(Path[]::new))
                    .setFileEnumerator(() -> new NonSplittingRecursiveEnumerator(ProblemFileSource::accept))
                    .build();
        }
    }

    /** Folders are entered unless hidden; files must be visible problem files. */
    static boolean accept(Path path) {
        String name = path.getName();
        if (name.startsWith(".") || name.startsWith("_")) {
            return false;
        }
        try {
            return path.getFileSystem().getFileStatus(path).isDir() || ProblemFileFormat.isProblemFile(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void check(Path p) {
        try {
            FileSystem fs = p.getFileSystem();
            if (!fs.exists(p)) {
                throw new IllegalArgumentException("no such file or folder: " + p);
            }
            FileStatus status = fs.getFileStatus(p);
            if (!status.isDir() && !ProblemFileFormat.isProblemFile(p.getName())) {
                throw new IllegalArgumentException(p + " is neither a .jsonl nor a .parquet file");
            }
            if (status.isDir() && countProblemFiles(fs, p) == 0) {
                throw new IllegalArgumentException("no *.jsonl or *.parquet file under " + p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private static int countProblemFiles(FileSystem fs, Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        collect(fs, dir, files);
        return files.size();
    }

    /**
     * The problem files a path stands for, as the source enumerates them (sorted): the file itself, or every visible
     * {@code *.jsonl} / {@code *.parquet} under the folder. Fails with a one-line message as {@link Builder#build}.
     */
    public static List<Path> files(String path) {
        Path p = new Path(path);
        check(p);
        try {
            FileSystem fs = p.getFileSystem();
            if (!fs.getFileStatus(p).isDir()) {
                return List.of(p);
            }
            List<Path> files = new ArrayList<>();
            collect(fs, p, files);
            files.sort(java.util.Comparator.comparing(Path::toString));
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private static void collect(FileSystem fs, Path dir, List<Path> out) throws IOException {
        for (FileStatus s : fs.listStatus(dir)) {
            if (!accept(s.getPath())) {
                continue;
            }
            if (s.isDir()) {
                collect(fs, s.getPath(), out);
            } else {
                out.add(s.getPath());
            }
        }
    }
}
