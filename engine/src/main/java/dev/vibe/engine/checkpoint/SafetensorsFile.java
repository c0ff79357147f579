package dev.vibe.engine.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * A safetensors file opened for reading. Each tensor is memory-mapped as its own region, so files (and sums of
 * tensors) over 2 GiB work and nothing is read onto the Java heap; only one tensor must fit in 2 GiB.
 */
public final class SafetensorsFile implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final SafetensorsHeader header;

    private SafetensorsFile(Path file, FileChannel channel, SafetensorsHeader header) {
        this.file = file;
        this.channel = channel;
        this.header = header;
    }

    /** Opens a file and validates its header. */
    public static SafetensorsFile open(Path file) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, "missing file");
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot open: " + e.getMessage(), e);
        }
        try {
            return new SafetensorsFile(file, channel, SafetensorsHeader.read(file, channel));
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    public SafetensorsHeader header() {
        return header;
    }

    public Map<String, TensorInfo> tensors() {
        return header.tensors();
    }

    /** The tensor's bytes as stored: a little-endian slice of a read-only mapping. */
    public ByteBuffer raw(TensorInfo tensor) {
        if (!tensor.file().equals(file)) {
            throw new IllegalArgumentException(tensor.name() + " lives in " + tensor.file() + ", not in " + file);
        }
        if (tensor.length() > Integer.MAX_VALUE) {
            throw new CheckpointException(file, "tensor " + tensor.name() + " has " + tensor.length()
                    + " bytes: a single tensor over 2 GiB cannot be mapped");
        }
        try {
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, tensor.offset(), tensor.length());
            // slice() so consumers that read from the base address (DJL) see exactly this region
            return mapped.slice().order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot map tensor " + tensor.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The tensor as little-endian float32: F32 is the mapping itself (no copy); BF16 and F16 are widened into a
     * new direct buffer, since DJL cannot hold bfloat16 (it aborts the JVM) and float16 is slow on CPU.
     */
    public ByteBuffer float32(TensorInfo tensor) {
        ByteBuffer raw = raw(tensor);
        if (tensor.dtype() == DType.F32) {
            return raw;
        }
        long outBytes = tensor.elementCount() * 4;
        if (outBytes > Integer.MAX_VALUE) {
            throw new CheckpointException(file, "tensor " + tensor.name() + " needs " + outBytes
                    + " bytes as float32: over the 2 GiB a buffer can hold");
        }
        ByteBuffer out = ByteBuffer.allocateDirect((int) outBytes).order(ByteOrder.LITTLE_ENDIAN);
        widen(raw.asShortBuffer(), out.asFloatBuffer(), tensor.dtype());
        return out;
    }

    private static void widen(ShortBuffer in, FloatBuffer out, DType dtype) {
        int n = in.remaining();
        if (dtype == DType.BF16) {
            for (int i = 0; i < n; i++) {
                out.put(i, HalfFloats.bf16ToFloat(in.get(i)));
            }
        } else {
            for (int i = 0; i < n; i++) {
                out.put(i, HalfFloats.f16ToFloat(in.get(i)));
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only channel: nothing to lose
        }
    }
}
