package dev.vibe.engine.checkpoint;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a safetensors file: an 8-byte little-endian length, then that many bytes of JSON mapping each
 * tensor name to {@code dtype}, {@code shape} and {@code data_offsets} (relative to the end of the header), plus an
 * optional {@code __metadata__} string map. Parsing checks everything the reader later relies on, so a lying header
 * is an error here and never a crash or a wrong read.
 */
public final class SafetensorsHeader {

    /** Same cap as the reference implementation: a larger header is not a safetensors file. */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    static final String METADATA_KEY = "__metadata__";

    private static final ObjectMapper STRICT_JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Path file;
    private final byte[] headerBytes;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafetensorsHeader(Path file, byte[] headerBytes, long dataStart, Map<String, TensorInfo> tensors,
            Map<String, String> metadata) {
        this.file = file;
        this.headerBytes = headerBytes;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /** Reads and validates the header of an open safetensors file. */
    public static SafetensorsHeader read(Path file, FileChannel channel) {
        try {
            long fileSize = channel.size();
            if (fileSize < 8) {
                throw new CheckpointException(file, "not a safetensors file: " + fileSize
                        + " bytes, shorter than the 8-byte header length");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
                throw new CheckpointException(file, "header length " + Long.toUnsignedString(headerLength)
                        + " is not a valid safetensors header length");
            }
            if (8 + headerLength > fileSize) {
                throw new CheckpointException(file, "header length " + headerLength + " is larger than the file ("
                        + fileSize + " bytes): truncated or not a safetensors file");
            }
            ByteBuffer json = ByteBuffer.allocate((int) headerLength);
            readFully(channel, json, 8);
            byte[] headerBytes = json.array();
            return parse(file, headerBytes, 8 + headerLength, fileSize);
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = channel.read(into, at);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + at);
            }
            at += n;
        }
    }

    private static SafetensorsHeader parse(Path file, byte[] headerBytes, long dataStart, long fileSize) {
        JsonNode root;
        try {
            root = STRICT_JSON.readTree(new String(headerBytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file, "invalid JSON in the safetensors header: "
                    + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new CheckpointException(file, "the safetensors header is not a JSON object");
        }
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals(METADATA_KEY)) {
                readMetadata(file, field.getValue(), metadata);
            } else {
                tensors.put(field.getKey(), tensor(file, field.getKey(), field.getValue(), dataStart));
            }
        }
        checkLayout(file, tensors, dataStart, fileSize);
        return new SafetensorsHeader(file, headerBytes, dataStart, Collections.unmodifiableMap(tensors),
                Collections.unmodifiableMap(metadata));
    }

    private static void readMetadata(Path file, JsonNode node, Map<String, String> into) {
        if (!node.isObject()) {
            throw new CheckpointException(file, METADATA_KEY + " is not a JSON object");
        }
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw new CheckpointException(file, METADATA_KEY + "." + e.getKey() + " is not a string");
            }
            into.put(e.getKey(), e.getValue().asText());
        });
    }

    private static TensorInfo tensor(Path file, String name, JsonNode node, long dataStart) {
        if (!node.isObject()) {
            throw new CheckpointException(file, "tensor " + name + ": entry is not a JSON object");
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw new CheckpointException(file, "tensor " + name + ": missing dtype");
        }
        DType dtype;
        try {
            dtype = DType.valueOf(dtypeNode.asText());
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, "tensor " + name + ": unsupported dtype " + dtypeNode.asText()
                    + " (supported: F32, F16, BF16)");
        }
        long[] shape = longs(file, name, "shape", node.get("shape"), -1);
        long[] offsets = longs(file, name, "data_offsets", node.get("data_offsets"), 2);
        long elements = 1;
        try {
            for (long d : shape) {
                elements = Math.multiplyExact(elements, d);
            }
            long expected = Math.multiplyExact(elements, dtype.bytes());
            if (offsets[1] < offsets[0]) {
                throw new CheckpointException(file, "tensor " + name + ": data_offsets " + offsets[0] + ".."
                        + offsets[1] + " end before they begin");
            }
            if (offsets[1] - offsets[0] != expected) {
                throw new CheckpointException(file, "tensor " + name + ": data_offsets " + offsets[0] + ".."
                        + offsets[1] + " span " + (offsets[1] - offsets[0]) + " bytes but shape "
                        + java.util.Arrays.toString(shape) + " of " + dtype + " needs " + expected);
            }
        } catch (ArithmeticException e) {
            throw new CheckpointException(file, "tensor " + name + ": shape " + java.util.Arrays.toString(shape)
                    + " is too large");
        }
        return new TensorInfo(name, dtype, shape, file, dataStart + offsets[0], offsets[1] - offsets[0]);
    }

    private static long[] longs(Path file, String tensor, String field, JsonNode node, int size) {
        if (node == null || !node.isArray() || (size >= 0 && node.size() != size)) {
            throw new CheckpointException(file, "tensor " + tensor + ": " + field + " must be an array"
                    + (size >= 0 ? " of " + size + " integers" : " of integers"));
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
                throw new CheckpointException(file, "tensor " + tensor + ": " + field + " holds " + v
                        + ", not a non-negative integer");
            }
            out[i] = v.asLong();
        }
        return out;
    }

    /** Tensors may neither overlap nor leave holes, and must end inside the file. */
    private static void checkLayout(Path file, Map<String, TensorInfo> tensors, long dataStart, long fileSize) {
        List<TensorInfo> byOffset = new ArrayList<>(tensors.values());
        byOffset.sort(Comparator.comparingLong(TensorInfo::offset).thenComparingLong(TensorInfo::length));
        long expectedStart = dataStart;
        TensorInfo previous = null;
        for (TensorInfo t : byOffset) {
            if (t.offset() < expectedStart) {
                throw new CheckpointException(file, "tensor " + t.name() + " overlaps tensor "
                        + previous.name() + " (data_offsets " + (t.offset() - dataStart) + " < "
                        + (expectedStart - dataStart) + ")");
            }
            if (t.offset() > expectedStart) {
                throw new CheckpointException(file, "hole in the data before tensor " + t.name()
                        + " (data_offsets start at " + (t.offset() - dataStart) + ", expected "
                        + (expectedStart - dataStart) + ")");
            }
            expectedStart = t.offset() + t.length();
            previous = t;
            if (expectedStart > fileSize) {
                throw new CheckpointException(file, "truncated data: tensor " + t.name() + " ends at byte "
                        + expectedStart + " but the file has " + fileSize + " bytes");
            }
        }
    }

    public Path file() {
        return file;
    }

    /** The raw JSON header bytes, as stored (used for content hashes). */
    public byte[] headerBytes() {
        return headerBytes.clone();
    }

    /** Absolute offset of the first data byte. */
    public long dataStart() {
        return dataStart;
    }

    /** Tensors in header order. */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    public Map<String, String> metadata() {
        return metadata;
    }
}
