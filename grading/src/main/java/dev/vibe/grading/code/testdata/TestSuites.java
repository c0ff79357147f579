package dev.vibe.grading.code.testdata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads test files in the formats the field uses, given as JSON text or parsed JSON:
 * <ul>
 *   <li>LiveCodeBench: a list of {@code {input, output, testtype: "stdin"|"functional"}}; functional input is
 *       newline-separated JSON arguments, output one JSON value. The function name comes from the caller, or
 *       from a wrapping object {@code {"tests": [...], "metadata": {"func_name": ...}}} ({@code fn_name} or
 *       {@code func_name} at the top level work too).</li>
 *   <li>APPS / TACO {@code input_output}: {@code {inputs: [...], outputs: [...], fn_name?}}; with {@code fn_name}
 *       each input is the list of arguments and each output the return value (or that value in a one-element
 *       list, as APPS writes it).</li>
 * </ul>
 * Any of these may itself arrive JSON-encoded as a string (datasets store them that way).
 */
public final class TestSuites {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestSuites() {
    }

    /** Parses JSON text. */
    public static TestSuite parse(String json) {
        return parse(json, null);
    }

    /** Parses JSON text; {@code functionName} is used when the file names none. */
    public static TestSuite parse(String json, String functionName) {
        return fromJson(read(json, "tests"), functionName);
    }

    /** Reads parsed JSON; {@code functionName} is used when the JSON names none. */
    public static TestSuite fromJson(JsonNode node, String functionName) {
        JsonNode n = unwrapString(node, "tests");
        if (n.isArray()) {
            return liveCodeBench(n, functionName);
        }
        if (n.isObject() && n.has("inputs") && n.has("outputs")) {
            return apps(n, firstText(n, functionName, "fn_name"));
        }
        if (n.isObject() && n.has("tests")) {
            JsonNode metadata = n.has("metadata") ? unwrapString(n.get("metadata"), "metadata") : JSON.nullNode();
            String name = firstText(n, firstText(metadata, functionName, "func_name"), "fn_name", "func_name");
            return fromJson(n.get("tests"), name);
        }
        throw new IllegalArgumentException("tests: expected a LiveCodeBench list of {input, output, testtype} or an "
                + "APPS object with inputs and outputs, got " + describe(n));
    }

    private static TestSuite liveCodeBench(JsonNode list, String functionName) {
        List<TestCase> cases = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode t = list.get(i);
            if (!t.isObject() || !t.has("input") || !t.has("output")) {
                throw new IllegalArgumentException("tests[" + i + "]: expected an object with input and output, got "
                        + describe(t));
            }
            String type = t.path("testtype").asText("stdin");
            String input = text(t.get("input"));
            String output = text(t.get("output"));
            switch (type) {
                case "stdin" -> cases.add(TestCase.stdin(input, output));
                case "functional" -> cases.add(TestCase.functional(input, output));
                default -> throw new IllegalArgumentException("tests[" + i + "]: testtype '" + type
                        + "' is neither stdin nor functional");
            }
        }
        return new TestSuite(cases, functionName);
    }

    private static TestSuite apps(JsonNode io, String functionName) {
        JsonNode inputs = io.get("inputs");
        JsonNode outputs = io.get("outputs");
        if (!inputs.isArray() || !outputs.isArray() || inputs.size() != outputs.size()) {
            throw new IllegalArgumentException("tests: APPS inputs and outputs must be lists of equal length, got "
                    + describe(inputs) + " and " + describe(outputs));
        }
        List<TestCase> cases = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            if (functionName == null) {
                cases.add(TestCase.stdin(lines(inputs.get(i)), lines(outputs.get(i))));
            } else {
                JsonNode args = inputs.get(i);
                StringBuilder argLines = new StringBuilder();
                if (args.isArray()) {
                    args.forEach(a -> argLines.append(a.toString()).append('\n'));
                } else {
                    argLines.append(args.toString()).append('\n');
                }
                cases.add(new TestCase(TestCase.Kind.FUNCTIONAL, argLines.toString(), outputs.get(i).toString(),
                        true));
            }
        }
        return new TestSuite(cases, functionName);
    }

    /** APPS stdin data is a string or a list of lines. */
    private static String lines(JsonNode n) {
        if (n.isArray()) {
            StringBuilder b = new StringBuilder();
            n.forEach(line -> b.append(text(line)).append('\n'));
            return b.toString();
        }
        return text(n);
    }

    private static String text(JsonNode n) {
        return n.isTextual() ? n.asText() : n.toString();
    }

    private static String firstText(JsonNode n, String fallback, String... keys) {
        for (String key : keys) {
            JsonNode v = n.get(key);
            if (v != null && v.isTextual() && !v.asText().isBlank()) {
                return v.asText().strip();
            }
        }
        return fallback;
    }

    private static JsonNode unwrapString(JsonNode n, String what) {
        JsonNode cur = n;
        for (int depth = 0; depth < 3 && cur != null && cur.isTextual(); depth++) {
            cur = read(cur.asText(), what);
        }
        return cur;
    }

    private static JsonNode read(String json, String what) {
        try {
            JsonNode n = JSON.readTree(json);
            if (n == null || n.isMissingNode()) {
                throw new IllegalArgumentException(what + ": empty, expected JSON");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String describe(JsonNode n) {
        String s = n == null ? "nothing" : n.getNodeType().toString().toLowerCase() + " " + n;
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
