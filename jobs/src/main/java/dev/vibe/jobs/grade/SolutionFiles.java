package dev.vibe.jobs.grade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;

/** How many Solution rows a folder holds, from the Parquet footers alone: the total of the grading progress bar. */
public final class SolutionFiles {

    private SolutionFiles() {
    }

    /** Rows of the visible {@code *.parquet} files under {@code dir}, or -1 when they cannot be counted. */
    public static long rows(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            long total = 0;
            for (Path p : walk.filter(f -> f.getFileName().toString().endsWith(".parquet")
                    && !dir.relativize(f).toString().matches("(.*/)?[._][^/]*")).toList()) {
                try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(p))) {
                    total += r.getRecordCount();
                }
            }
            return total;
        } catch (IOException | RuntimeException e) {
            return -1; // the bar then shows a count without a total
        }
    }
}
