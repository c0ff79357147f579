package dev.vibe.jobs.generate;

import dev.vibe.operators.metrics.RunCounters;
import dev.vibe.pipeline.GenerationOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one-screen account of a finished run, from the job's accumulators: what came in, what was written, what was
 * rejected and why, and whether the counts add up (input records = problems + input rejections; samples requested
 * = rows written + samples skipped + samples rejected).
 *
 * @param rowsByReason rows written by finish reason (stop, length, error)
 * @param rejectedByCategory dead letters by category
 */
public record RunSummary(String runId, long problems, long samplesRequested, long samplesSkipped,
        long samplesRejected, Map<String, Long> rowsByReason, Map<String, Long> rejectedByCategory,
        long generatedTokens, Duration wallTime, Path solutionsDir, Path rejectedDir) {

    /** The category of dead letters raised after a problem was accepted (they do not count as input rejections). */
    private static final String PROMPT_TOO_LONG = "prompt_too_long";

    public static RunSummary of(GenerationOptions options, Map<String, Object> accumulators, Duration wallTime) {
        return new RunSummary(options.runId(),
                RunCounters.get(accumulators, RunCounters.PROBLEMS),
                RunCounters.get(accumulators, RunCounters.SAMPLES_REQUESTED),
                RunCounters.get(accumulators, RunCounters.SAMPLES_SKIPPED),
                RunCounters.get(accumulators, RunCounters.SAMPLES_REJECTED),
                RunCounters.byKey(accumulators, RunCounters.ROWS),
                RunCounters.byKey(accumulators, RunCounters.REJECTED),
                RunCounters.get(accumulators, RunCounters.GENERATED_TOKENS),
                wallTime,
                options.out().resolve("solutions").resolve("run=" + options.runId()),
                options.out().resolve("rejected").resolve("run=" + options.runId()));
    }

    public long rowsWritten() {
        return rowsByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    public long rejectedRows() {
        return rejectedByCategory.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Records read: accepted problems plus those rejected at input (malformed, duplicate, ...). */
    public long inputRecords() {
        return problems + rejectedRows() - rejectedByCategory.getOrDefault(PROMPT_TOO_LONG, 0L);
    }

    /** Every requested sample is accounted for: written, skipped as already done, or rejected. */
    public boolean balanced() {
        return samplesRequested == rowsWritten() + samplesSkipped + samplesRejected;
    }

    public double tokensPerSecond() {
        double s = wallTime.toNanos() / 1e9;
        return s > 0 ? generatedTokens / s : 0;
    }

    public String format() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "run %s finished in %s%n", runId, human(wallTime)));
        out.append(line("input records", inputRecords(), "= " + problems + " problems + "
                + (inputRecords() - problems) + " rejected at input"));
        out.append(line("samples requested", samplesRequested, "= " + rowsWritten() + " written + "
                + samplesSkipped + " skipped (already in the output) + " + samplesRejected + " rejected"
                + (balanced() ? "" : "   DOES NOT ADD UP")));
        out.append(line("rows written", rowsWritten(), join(rowsByReason)));
        out.append(line("rows rejected", rejectedRows(), join(rejectedByCategory)));
        out.append(line("generated tokens", generatedTokens,
                String.format(Locale.ROOT, "%.1f tokens/s", tokensPerSecond())));
        out.append(String.format(Locale.ROOT, "  %-18s %s%n", "solutions", solutionsDir));
        out.append(String.format(Locale.ROOT, "  %-18s %s", "rejected", rejectedDir));
        return out.toString();
    }

    private static String line(String label, long n, String detail) {
        return String.format(Locale.ROOT, "  %-18s %,10d   %s%n", label, n, detail);
    }

    private static String join(Map<String, Long> counts) {
        return counts.isEmpty() ? "-" : counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60)
                : String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
}
