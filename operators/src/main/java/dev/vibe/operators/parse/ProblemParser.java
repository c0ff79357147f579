package dev.vibe.operators.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vibe.schemas.ChatMessage;
import dev.vibe.schemas.Problem;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Parses and validates one raw record into a {@link Problem}; plain Java, no Flink.
 *
 * <p>JSON objects are read in two layouts, field by field (a record may mix them):
 * <ul>
 *   <li>plain: {@code id}, {@code problem}, {@code messages}, {@code answer}, {@code kind}, {@code tests},
 *       {@code source}, {@code metadata};</li>
 *   <li>verl/rllm: {@code prompt} (a list of {role, content}, or a string), {@code reward_model.ground_truth},
 *       {@code ability}, {@code data_source}, {@code extra_info}. The id is {@code extra_info.id}, else
 *       {@code <source>-<extra_info.index>} (the index alone restarts at 0 in every file, so two eval sets in one
 *       folder would collide).</li>
 * </ul>
 * A missing {@code source} falls back to the input's hint (the file's stem), then to {@code unknown}; a missing
 * {@code kind} is {@code code} when tests are given, else {@code math}. Avro values are binary {@code Problem}s and
 * get the same validation.
 */
public final class ProblemParser implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Default cap on a record's size: larger rows are dead letters instead of a memory risk. */
    public static final int DEFAULT_MAX_BYTES = 4 << 20;

    private static final Map<String, String> KINDS = Map.of(
            "math", "math", "code", "code", "coding", "code", "codegen", "code", "programming", "code");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final ValueFormat format;
    private final int maxBytes;

    public ProblemParser(ValueFormat format, int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be >= 1, got " + maxBytes);
        }
        this.format = java.util.Objects.requireNonNull(format, "format");
        this.maxBytes = maxBytes;
    }

    public ProblemParser(ValueFormat format) {
        this(format, DEFAULT_MAX_BYTES);
    }

    /** The problem in {@code input}, or an exception whose message says in one line what is wrong. */
    public Problem parse(RawInput input) throws InvalidProblemException {
        try {
            return parseOrThrow(input);
        } catch (RuntimeException e) {
            // A bug or an unforeseen input must cost one dead letter, not the job.
            throw new InvalidProblemException(RejectCategory.OTHER, "cannot parse: " + e, null);
        }
    }

    private Problem parseOrThrow(RawInput input) throws InvalidProblemException {
        byte[] bytes = input.bytes;
        if (bytes == null || bytes.length == 0) {
            throw new InvalidProblemException(RejectCategory.MALFORMED, "empty record", null);
        }
        if (bytes.length > maxBytes) {
            throw new InvalidProblemException(RejectCategory.TOO_LARGE,
                    "record of " + bytes.length + " bytes exceeds the limit of " + maxBytes + " bytes", null);
        }
        ValueFormat f = format == ValueFormat.AUTO ? detect(bytes) : format;
        Problem.Builder p = f == ValueFormat.AVRO ? fromAvro(bytes) : fromJson(bytes, input.sourceHint);
        if (input.origin != null && (p.getOrigin() == null || p.getOrigin().isEmpty())) {
            p.setOrigin(input.origin);
        }
        if (p.getSource() == null || p.getSource().isBlank()) {
            p.setSource(blankToNull(input.sourceHint) != null ? input.sourceHint : "unknown");
        }
        return validate(p);
    }

    static ValueFormat detect(byte[] bytes) {
        for (byte b : bytes) {
            if (b == '{' || b == '[') {
                return ValueFormat.JSON;
            }
            if (!(b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == (byte) 0xEF || b == (byte) 0xBB
                    || b == (byte) 0xBF)) {
                return ValueFormat.AVRO;
            }
        }
        return ValueFormat.JSON;
    }

    private static Problem.Builder fromAvro(byte[] bytes) throws InvalidProblemException {
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
            Problem p = new SpecificDatumReader<>(Problem.class).read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IOException("trailing bytes after the record");
            }
            return Problem.newBuilder(p);
        } catch (IOException | RuntimeException e) {
            throw new InvalidProblemException(RejectCategory.MALFORMED,
                    "not an Avro binary Problem: " + e.getMessage(), null);
        }
    }

    private static Problem.Builder fromJson(byte[] bytes, String sourceHint) throws InvalidProblemException {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new InvalidProblemException(RejectCategory.MALFORMED, "malformed JSON: " + e.getOriginalMessage(),
                    null);
        } catch (IOException e) {
            throw new InvalidProblemException(RejectCategory.MALFORMED, "malformed JSON: " + e.getMessage(), null);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidProblemException(RejectCategory.MALFORMED,
                    "expected a JSON object, got " + (root == null ? "nothing" : root.getNodeType()), null);
        }
        String source = firstText(root, "source", "data_source");
        if (source == null) {
            source = blankToNull(sourceHint);
        }
        String id = id(root, source);
        Problem.Builder p = Problem.newBuilder().setId(id);
        if (source != null) {
            p.setSource(source);
        }
        JsonNode prompt = root.get("prompt");
        p.setProblem(text(root, "problem", id));
        if (p.getProblem() == null && prompt != null && prompt.isTextual()) {
            p.setProblem(prompt.asText());
        }
        JsonNode messages = root.has("messages") ? root.get("messages") : prompt != null && prompt.isArray() ? prompt : null;
        p.setMessages(messages(messages, id));
        String answer = scalarOrJson(root.get("answer"));
        if (answer == null && root.path("reward_model").isObject()) {
            answer = scalarOrJson(root.path("reward_model").get("ground_truth"));
        }
        p.setAnswer(answer);
        p.setTests(scalarOrJson(root.get("tests")));
        String kind = firstText(root, "kind", "ability");
        p.setKind(kind != null ? kind : p.getTests() != null ? "code" : "math");
        String metadata = scalarOrJson(root.get("metadata"));
        p.setMetadata(metadata != null ? metadata : scalarOrJson(root.get("extra_info")));
        return p;
    }

    private static String id(JsonNode root, String source) throws InvalidProblemException {
        JsonNode id = root.get("id");
        if (id == null || id.isNull()) {
            JsonNode extra = root.path("extra_info");
            if (extra.hasNonNull("id")) {
                id = extra.get("id");
            } else if (extra.path("index").isIntegralNumber()) {
                long index = extra.get("index").asLong();
                return source == null ? Long.toString(index) : source + "-" + index;
            }
        }
        if (id == null || id.isNull()) {
            throw new InvalidProblemException(RejectCategory.INVALID_FIELD,
                    "missing id (give 'id', or 'extra_info.id' / 'extra_info.index' in verl rows)", null);
        }
        if (!id.isTextual() && !id.isIntegralNumber()) {
            throw new InvalidProblemException(RejectCategory.INVALID_FIELD,
                    "'id' must be a string or an integer, got " + id.getNodeType(), null);
        }
        return id.asText();
    }

    private static List<ChatMessage> messages(JsonNode node, String id) throws InvalidProblemException {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw new InvalidProblemException(RejectCategory.INVALID_FIELD,
                    "'messages'/'prompt' must be a list of {role, content}, got " + node.getNodeType(), id);
        }
        List<ChatMessage> out = new ArrayList<>(node.size());
        for (JsonNode m : node) {
            // parquet-avro may wrap list elements in a one-field record ("element", "item" or "array").
            if (m.isObject() && m.size() == 1 && !m.has("role") && !m.has("content")) {
                m = m.elements().next();
            }
            JsonNode role = m.get("role");
            JsonNode content = m.get("content");
            if (role == null || !role.isTextual() || role.asText().isBlank() || content == null || !content.isTextual()) {
                throw new InvalidProblemException(RejectCategory.INVALID_FIELD,
                        "every message needs a text 'role' and 'content', got " + abbreviate(m.toString()), id);
            }
            out.add(new ChatMessage(role.asText(), content.asText()));
        }
        return out;
    }

    private static Problem validate(Problem.Builder p) throws InvalidProblemException {
        String id = p.getId();
        if (id == null || id.isBlank()) {
            throw new InvalidProblemException(RejectCategory.INVALID_FIELD, "'id' must not be blank", null);
        }
        boolean hasUserTurn = p.getMessages() != null && p.getMessages().stream()
                .anyMatch(m -> "user".equals(m.getRole()) && !m.getContent().isBlank());
        if ((p.getProblem() == null || p.getProblem().isBlank()) && !hasUserTurn) {
            throw new InvalidProblemException(RejectCategory.MISSING_STATEMENT,
                    "problem " + quote(id) + " has no statement: no 'problem' text and no user message", id);
        }
        String kind = KINDS.get(p.getKind() == null ? "" : p.getKind().strip().toLowerCase(Locale.ROOT));
        if (kind == null) {
            throw new InvalidProblemException(RejectCategory.UNKNOWN_KIND,
                    "problem " + quote(id) + " has unknown kind " + quote(p.getKind()) + " (expected math or code)", id);
        }
        p.setKind(kind);
        return p.build();
    }

    private static String text(JsonNode root, String field, String id) throws InvalidProblemException {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new InvalidProblemException(RejectCategory.INVALID_FIELD,
                    "'" + field + "' must be a string, got " + n.getNodeType(), id);
        }
        return n.asText();
    }

    private static String firstText(JsonNode root, String... fields) {
        for (String f : fields) {
            JsonNode n = root.get(f);
            if (n != null && n.isValueNode() && !n.isNull() && !n.asText().isBlank()) {
                return n.asText();
            }
        }
        return null;
    }

    /** Strings as they are; numbers and booleans as their text; objects and arrays as compact JSON. */
    private static String scalarOrJson(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        return n.isValueNode() ? n.asText() : n.toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + abbreviate(s) + "\"";
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
