package dev.vibe.pipeline.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Avro records as plain JSON objects ({@code {"error": null}}, not Avro's JSON encoding {@code {"error": {"string":
 * ...}}}), for consumers without Avro: field names as in the schema, timestamps as epoch milliseconds, bytes as
 * base64.
 */
public final class RecordJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RecordJson() {
    }

    public static byte[] toBytes(IndexedRecord record) {
        try {
            return MAPPER.writeValueAsBytes(toNode(record));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode toNode(IndexedRecord record) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (Schema.Field f : record.getSchema().getFields()) {
            o.set(f.name(), value(record.get(f.pos())));
        }
        return o;
    }

    private static JsonNode value(Object v) {
        JsonNodeFactory n = JsonNodeFactory.instance;
        if (v == null) {
            return n.nullNode();
        } else if (v instanceof CharSequence s) {
            return n.textNode(s.toString());
        } else if (v instanceof Integer i) {
            return n.numberNode(i);
        } else if (v instanceof Long l) {
            return n.numberNode(l);
        } else if (v instanceof Double d) {
            return n.numberNode(d);
        } else if (v instanceof Float f) {
            return n.numberNode(f);
        } else if (v instanceof Boolean b) {
            return n.booleanNode(b);
        } else if (v instanceof Instant t) {
            return n.numberNode(t.toEpochMilli());
        } else if (v instanceof ByteBuffer b) {
            ByteBuffer copy = b.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return n.textNode(Base64.getEncoder().encodeToString(bytes));
        } else if (v instanceof IndexedRecord r) {
            return toNode(r);
        } else if (v instanceof Collection<?> c) {
            ArrayNode a = n.arrayNode();
            c.forEach(e -> a.add(value(e)));
            return a;
        }
        return n.textNode(v.toString());
    }
}
