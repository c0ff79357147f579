package dev.vibe.grading.math;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One labelled answer-equivalence case: what a careful human grader says about {@code pred} against
 * {@code gold}. The bundled set ({@link #bundled()}) covers Math-Verify's kinds of cases and every wrong
 * verdict of the peers' graders listed in the field notes (category {@code field-notes}, all unequal).
 */
public record LabelledCase(String gold, String pred, boolean equal, String category) {

    /** Classpath location of the bundled labelled set (JSON lines: gold, pred, equal, category). */
    public static final String BUNDLED = "/dev/vibe/grading/math/math-equivalence.jsonl";

    /** The bundled labelled set. */
    public static List<LabelledCase> bundled() {
        try (InputStream in = LabelledCase.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("labelled set " + BUNDLED + " is missing from the classpath");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads JSON lines with {@code gold}, {@code pred}, {@code equal} and optional {@code category}. */
    public static List<LabelledCase> read(InputStream in) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<LabelledCase> cases = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = json.readTree(line);
            if (!node.hasNonNull("gold") || !node.hasNonNull("pred") || !node.hasNonNull("equal")) {
                throw new IOException("labelled set line " + number + ": needs gold, pred and equal");
            }
            cases.add(new LabelledCase(node.get("gold").asText(), node.get("pred").asText(),
                    node.get("equal").asBoolean(), node.path("category").asText("")));
        }
        return cases;
    }
}
