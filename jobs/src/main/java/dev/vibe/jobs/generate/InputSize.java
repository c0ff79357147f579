package dev.vibe.jobs.generate;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * How many records a problem file or folder holds, for the progress bar's total and ETA: non-blank lines of JSONL
 * files, row counts from Parquet footers (no data is read). -1 when it cannot tell.
 */
public final class InputSize {

    private InputSize() {
    }

    public static long records(Path problems) {
        try {
            List<Path> files;
            if (Files.isDirectory(problems)) {
                try (Stream<Path> walk = Files.walk(problems)) {
                    files = walk.filter(Files::isRegularFile)
                            .filter(p -> !p.getFileName().toString().startsWith("."))
                            .filter(p -> !p.getFileName().toString().startsWith("_"))
                            .toList();
                }
            } else {
                files = List.of(problems);
            }
            long total = 0;
            for (Path f : files) {
                total += f.getFileName().toString().endsWith(".parquet") ? parquetRows(f) : lines(f);
            }
            return total;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long lines(Path file) throws IOException {
        long n = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    n++;
                }
            }
        }
        return n;
    }

    private static long parquetRows(Path file) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
            return reader.getRecordCount();
        }
    }
}
