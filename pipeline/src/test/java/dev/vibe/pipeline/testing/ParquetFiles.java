package dev.vibe.pipeline.testing;

import java.nio.file.Path;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads Parquet back with an independent reader (DuckDB JDBC): rows as column → value maps. */
public final class ParquetFiles {

    private ParquetFiles() {
    }

    /** Runs {@code sql} in an in-memory DuckDB, with {@code {files}} replaced by a read_parquet of every file under dir. */
    public static List<Map<String, Object>> query(Path dir, String sql) throws SQLException {
        String files = "read_parquet('" + dir.toAbsolutePath() + "/**/*.parquet', hive_partitioning = true)";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql.replace("{files}", files))) {
            List<Map<String, Object>> rows = new ArrayList<>();
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= n; i++) {
                    Object v = r.getObject(i);
                    row.put(r.getMetaData().getColumnLabel(i), v instanceof Blob b ? b.getBytes(1, (int) b.length()) : v);
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /** The distinct compression codecs of every column chunk of every Parquet file under dir (from the footers). */
    public static List<String> codecs(Path dir) throws SQLException {
        return query(dir, "SELECT DISTINCT compression FROM parquet_metadata('" + dir.toAbsolutePath()
                + "/**/*.parquet')").stream().map(r -> String.valueOf(r.get("compression"))).toList();
    }
}
