package dev.vibe.operators.parse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vibe.schemas.ChatMessage;
import dev.vibe.schemas.Problem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/** Encodes a {@link Problem} in the two value formats {@link ProblemParser} reads back. */
public final class ProblemCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemCodec() {
    }

    /** One JSON object in the plain JSONL layout (no newline); {@code tests}/{@code metadata} stay JSON text. */
    public static byte[] toJson(Problem p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", p.getId());
        if (p.getProblem() != null) {
            o.put("problem", p.getProblem());
        }
        if (p.getMessages() != null) {
            ArrayNode messages = o.putArray("messages");
            for (ChatMessage m : p.getMessages()) {
                messages.addObject().put("role", m.getRole()).put("content", m.getContent());
            }
        }
        putIfPresent(o, "answer", p.getAnswer());
        o.put("kind", p.getKind());
        putIfPresent(o, "tests", p.getTests());
        o.put("source", p.getSource());
        putIfPresent(o, "metadata", p.getMetadata());
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Avro binary of the {@code Problem} schema, as {@link ValueFormat#AVRO} expects. */
    public static byte[] toAvro(Problem p) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            new SpecificDatumWriter<>(Problem.class).write(p, encoder);
            encoder.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void putIfPresent(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }
}
