package dev.vibe.engine.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one safetensors file tensor by tensor. All tensors are declared up front, so the header (padded to 8
 * bytes as the format asks) and every offset are known before any data; each tensor is then streamed to its place,
 * in any order, never the whole model in memory. The file appears under its name only when {@link #close()} finds
 * every tensor written; until then it is {@code <name>.partial}.
 */
public final class SafetensorsWriter implements AutoCloseable {

    /** Elements converted per write: 1 Mi floats keeps the staging buffer at 4 MiB. */
    static final int CHUNK_ELEMENTS = 1 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Path partial;
    private final FileChannel channel;
    private final Map<String, TensorSpec> specs = new LinkedHashMap<>();
    private final Map<String, Long> offsets = new LinkedHashMap<>();
    private final Set<String> written = new HashSet<>();
    private final long totalBytes;
    private boolean closed;

    private SafetensorsWriter(Path file, List<TensorSpec> tensors, Map<String, String> metadata) throws IOException {
        this.file = file;
        this.partial = file.resolveSibling(file.getFileName() + ".partial");
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject(SafetensorsHeader.METADATA_KEY);
            metadata.forEach(meta::put);
        }
        long dataOffset = 0;
        for (TensorSpec t : tensors) {
            if (specs.putIfAbsent(t.name(), t) != null) {
                throw new IllegalArgumentException("tensor " + t.name() + " is declared twice");
            }
            ObjectNode entry = header.putObject(t.name());
            entry.put("dtype", t.dtype().name());
            ArrayNode shape = entry.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            entry.putArray("data_offsets").add(dataOffset).add(dataOffset + t.byteLength());
            offsets.put(t.name(), dataOffset);
            dataOffset += t.byteLength();
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        long dataStart = 8L + padded;
        offsets.replaceAll((name, offset) -> offset + dataStart);
        this.totalBytes = dataStart + dataOffset;
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        writeAt(head.flip(), 0);
    }

    /** Declares every tensor (written in this order in the file) and an optional {@code __metadata__} map. */
    public static SafetensorsWriter create(Path file, List<TensorSpec> tensors, Map<String, String> metadata) {
        try {
            return new SafetensorsWriter(file, tensors, metadata);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** The file's size once complete. */
    public long totalBytes() {
        return totalBytes;
    }

    public boolean declares(String name) {
        return specs.containsKey(name);
    }

    /** Writes a whole tensor from an array (row-major). */
    public void write(String name, float[] values) {
        TensorSpec spec = spec(name);
        if (values.length != spec.elementCount()) {
            throw new IllegalArgumentException("tensor " + name + " has " + spec.elementCount()
                    + " elements, got " + values.length);
        }
        write(name, (start, chunk, count) -> System.arraycopy(values, (int) start, chunk, 0, count));
    }

    /** Streams a tensor from a filler, chunk by chunk, converting to the declared dtype. */
    public void write(String name, FloatFiller filler) {
        TensorSpec spec = spec(name);
        if (!written.add(name)) {
            throw new IllegalStateException("tensor " + name + " is written twice");
        }
        long elements = spec.elementCount();
        int chunkElements = (int) Math.min(CHUNK_ELEMENTS, Math.max(1, elements));
        float[] chunk = new float[chunkElements];
        ByteBuffer bytes = ByteBuffer.allocateDirect(chunkElements * spec.dtype().bytes())
                .order(ByteOrder.LITTLE_ENDIAN);
        long position = offsets.get(name);
        for (long start = 0; start < elements; start += chunkElements) {
            int count = (int) Math.min(chunkElements, elements - start);
            filler.fill(start, chunk, count);
            bytes.clear();
            encode(chunk, count, spec.dtype(), bytes);
            bytes.flip();
            position += writeAt(bytes, position);
        }
    }

    private static void encode(float[] values, int count, DType dtype, ByteBuffer out) {
        switch (dtype) {
            case F32 -> {
                for (int i = 0; i < count; i++) {
                    out.putFloat(values[i]);
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    out.putShort(HalfFloats.floatToBf16(values[i]));
                }
            }
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    out.putShort(HalfFloats.floatToF16(values[i]));
                }
            }
            default -> throw new IllegalArgumentException("cannot write " + dtype);
        }
    }

    private TensorSpec spec(String name) {
        if (closed) {
            throw new IllegalStateException(file + " is already closed");
        }
        TensorSpec spec = specs.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("tensor " + name + " was not declared for " + file);
        }
        return spec;
    }

    private int writeAt(ByteBuffer bytes, long position) {
        int n = bytes.remaining();
        try {
            long at = position;
            while (bytes.hasRemaining()) {
                at += channel.write(bytes, at);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
        return n;
    }

    /** Finishes the file; fails (and removes the partial file) when a declared tensor was never written. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
            Set<String> missing = new java.util.LinkedHashSet<>(specs.keySet());
            missing.removeAll(written);
            if (!missing.isEmpty()) {
                Files.deleteIfExists(partial);
                throw new IllegalStateException(file + ": tensors never written: " + missing);
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot finish: " + e.getMessage(), e);
        }
    }
}
