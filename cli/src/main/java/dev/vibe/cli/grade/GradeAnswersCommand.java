package dev.vibe.cli.grade;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vibe.cli.Common;
import dev.vibe.cli.Progress;
import dev.vibe.grading.math.MathGrader;
import dev.vibe.grading.math.MathVerdict;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vibe grade-answers}: JSON lines with {@code gold} and {@code pred} in, the same lines with {@code equal}
 * and {@code reason} added out, in input order. A line that cannot be graded becomes {@code {"line": n,
 * "error": "..."}} and the run goes on.
 */
@Command(name = "grade-answers", mixinStandardHelpOptions = true,
        description = {"Compare answers from JSON lines (fields gold and pred; finish_reason optional; other fields "
                + "are passed through) and write each line back with equal and reason.",
            "Reads stdin and writes stdout unless --in/--out are given; a malformed line gets {\"error\": ...}."})
public final class GradeAnswersCommand implements Callable<Integer> {

    /** Input field: the reference answer or solution. */
    public static final String GOLD = "gold";
    /** Input field: the answer or response graded. */
    public static final String PRED = "pred";
    /** Optional input field: the response's finish reason ("length" is never correct). */
    public static final String FINISH_REASON = "finish_reason";
    /** Output field: whether pred is gold's answer. */
    public static final String EQUAL = "equal";
    /** Output field: why. */
    public static final String REASON = "reason";
    /** Output field of a line that could not be graded. */
    public static final String ERROR = "error";

    @Mixin
    Common common;

    @Option(names = "--in", description = "JSON lines to grade (default: stdin).")
    Path in;

    @Option(names = "--out", description = "Where to write the graded lines (default: stdout).")
    Path out;

    @Option(names = "--timeout", defaultValue = "PT5S",
            description = "Hard limit of one symbolic check, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--threads", description = "Lines graded at once (default: one per processor).")
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        long total = in == null ? -1 : countLines(in);
        Tally tally = new Tally();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "grade-answers");
            t.setDaemon(true);
            return t;
        });
        try (MathGrader grader = MathGrader.builder().optTimeout(timeout).optWorkers(threads).build();
             BufferedReader reader = in == null
                     ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                     : Files.newBufferedReader(in, StandardCharsets.UTF_8);
             Writer writer = out == null
                     ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
                     : Files.newBufferedWriter(out, StandardCharsets.UTF_8);
             ProgressBar bar = Progress.bar("grade-answers", total, "lines")) {
            // a window of lines in flight, written back in input order
            Deque<Future<ObjectNode>> window = new ArrayDeque<>();
            String line;
            long number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String text = line;
                long lineNumber = number;
                window.add(pool.submit(() -> gradeLine(grader, text, lineNumber)));
                if (window.size() >= 4 * threads) {
                    tally.write(take(window), writer, bar);
                }
            }
            while (!window.isEmpty()) {
                tally.write(take(window), writer, bar);
            }
            writer.flush();
        } finally {
            pool.shutdownNow();
        }
        System.err.printf("graded %d lines: %d equal, %d not equal, %d errors%n", tally.lines, tally.equal,
                tally.lines - tally.equal - tally.errors, tally.errors);
        return 0;
    }

    /** Writes results in order and counts them. */
    private final class Tally {
        long lines;
        long equal;
        long errors;

        void write(ObjectNode result, Writer writer, ProgressBar bar) throws IOException {
            writer.write(json.writeValueAsString(result));
            writer.write('\n');
            bar.step();
            lines++;
            if (result.has(ERROR)) {
                errors++;
            } else if (result.get(EQUAL).asBoolean()) {
                equal++;
            }
        }
    }

    private static ObjectNode take(Deque<Future<ObjectNode>> window) throws InterruptedException {
        try {
            return window.poll().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("grading failed: " + e.getCause(), e.getCause());
        }
    }

    /** The input object with equal and reason added, or {"line", "error"} naming what is wrong. */
    ObjectNode gradeLine(MathGrader grader, String line, long number) {
        JsonNode node;
        try {
            node = json.readTree(line);
        } catch (JsonProcessingException e) {
            return error(number, "not JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            return error(number, "not a JSON object");
        }
        for (String field : new String[] {GOLD, PRED}) {
            JsonNode value = object.get(field);
            if (value == null || value.isNull()) {
                return error(number, "missing field '" + field + "'");
            }
            if (!value.isValueNode()) {
                return error(number, "field '" + field + "' must be a string or a number");
            }
        }
        JsonNode finish = object.get(FINISH_REASON);
        MathVerdict v = grader.grade(object.get(GOLD).asText(), object.get(PRED).asText(),
                finish == null || finish.isNull() ? null : finish.asText());
        object.put(EQUAL, v.equal());
        object.put(REASON, v.reason());
        return object;
    }

    private ObjectNode error(long number, String message) {
        ObjectNode e = json.createObjectNode();
        e.put("line", number);
        e.put(ERROR, "line " + number + ": " + message);
        return e;
    }

    private static long countLines(Path file) throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(l -> !l.isBlank()).count();
        }
    }
}
