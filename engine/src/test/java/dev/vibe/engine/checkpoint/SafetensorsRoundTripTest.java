package dev.vibe.engine.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsRoundTripTest {

    @TempDir
    Path tmp;

    private static float[] floats(ByteBuffer b) {
        return Floats.of(b);
    }

    private static float[] randomValues(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * 3);
        }
        return v;
    }

    private Path writeOne(DType dtype, float[] values, long... shape) {
        Path file = tmp.resolve(dtype + ".safetensors");
        try (SafetensorsWriter w = SafetensorsWriter.create(file,
                List.of(new TensorSpec("t", dtype, shape), new TensorSpec("bias", DType.F32, new long[] {3})),
                Map.of("format", "pt"))) {
            w.write("bias", new float[] {1, 2, 3});
            w.write("t", values);
        }
        return file;
    }

    @Test
    void float32RoundTripIsExactAndHeaderIsAligned() throws Exception {
        float[] values = randomValues(6 * 7, 1);
        values[0] = Float.MIN_VALUE;
        values[1] = -0.0f;
        values[2] = Float.MAX_VALUE;
        Path file = writeOne(DType.F32, values, 6, 7);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            TensorInfo t = f.tensors().get("t");
            assertThat(t.shape()).containsExactly(6, 7);
            assertThat(t.dtype()).isEqualTo(DType.F32);
            assertThat(floats(f.float32(t))).containsExactly(values);
            assertThat(floats(f.float32(f.tensors().get("bias")))).containsExactly(1, 2, 3);
            assertThat(f.header().dataStart() % 8).isZero();
            assertThat(f.header().metadata()).containsEntry("format", "pt");
            assertThat(f.tensors().keySet()).containsExactly("t", "bias");
        }
        assertThat(Files.size(file)).isEqualTo(8 + (Files.size(file) - 8 - (6 * 7 + 3) * 4) + (6 * 7 + 3) * 4);
        assertThat(file.resolveSibling(file.getFileName() + ".partial")).doesNotExist();
    }

    @Test
    void writesHeaderThatTheFormatDescribes() throws Exception {
        Path file = writeOne(DType.BF16, new float[] {1, 2}, 2);
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long n = all.getLong();
        assertThat((8 + n) % 8).isZero();
        JsonNode header = new ObjectMapper().readTree(new String(Files.readAllBytes(file), 8, (int) n,
                StandardCharsets.UTF_8));
        assertThat(header.get("t").get("dtype").asText()).isEqualTo("BF16");
        assertThat(header.get("t").get("data_offsets").toString()).isEqualTo("[0,4]");
        assertThat(header.get("bias").get("data_offsets").toString()).isEqualTo("[4,16]");
        assertThat(header.get("__metadata__").get("format").asText()).isEqualTo("pt");
        assertThat(all.capacity()).isEqualTo(8 + n + 16);
        // bf16 of 1.0 is 0x3F80, of 2.0 is 0x4000
        assertThat(all.getShort((int) (8 + n))).isEqualTo((short) 0x3F80);
        assertThat(all.getShort((int) (8 + n + 2))).isEqualTo((short) 0x4000);
    }

    @Test
    void bf16IsWidenedFromRoundedValues() {
        // bf16 keeps 7 mantissa bits: the step above 1 is 2^-7; ties go to the even neighbour
        float[] values = {1f, 1f + 0x1p-7f, 1f + 0x1p-8f, 1f + 3 * 0x1p-8f, 1f + 0x1p-7f + 0x1p-9f, -2.5f,
            Float.NEGATIVE_INFINITY};
        float[] expected = {1f, 1f + 0x1p-7f, 1f, 1f + 0x1p-6f, 1f + 0x1p-7f, -2.5f, Float.NEGATIVE_INFINITY};
        try (SafetensorsFile f = SafetensorsFile.open(writeOne(DType.BF16, values, values.length))) {
            ByteBuffer b = f.float32(f.tensors().get("t"));
            assertThat(b.isDirect()).isTrue();
            assertThat(b.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
            assertThat(floats(b)).containsExactly(expected);
        }
        float[] random = randomValues(1000, 2);
        try (SafetensorsFile f = SafetensorsFile.open(writeOne(DType.BF16, random, 10, 100))) {
            float[] back = floats(f.float32(f.tensors().get("t")));
            for (int i = 0; i < random.length; i++) {
                assertThat(Math.abs(back[i] - random[i])).isLessThanOrEqualTo(Math.abs(random[i]) * 0x1p-8f);
            }
        }
    }

    @Test
    void f16IsWidenedFromRoundedValuesIncludingSubnormalsAndOverflow() {
        float[] values = {1f, 1f / 3, 65504f, 70000f, -0.0f, 1e-7f, 6.1035156e-5f, 1f + 0x1p-11f, Float.NaN};
        float[] expected = {1f, 0.33325195f, 65504f, Float.POSITIVE_INFINITY, -0.0f, 1.1920929e-7f, 6.1035156e-5f,
            1f, Float.NaN};
        try (SafetensorsFile f = SafetensorsFile.open(writeOne(DType.F16, values, values.length))) {
            assertThat(floats(f.float32(f.tensors().get("t")))).containsExactly(expected);
        }
    }

    @Test
    void halfConversionsRoundTripEveryHalfValue() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float f = HalfFloats.f16ToFloat((short) bits);
            if (!Float.isNaN(f)) {
                assertThat(HalfFloats.floatToF16(f) & 0xFFFF).as("f16 %04x", bits).isEqualTo(bits);
            }
            float b = HalfFloats.bf16ToFloat((short) bits);
            if (!Float.isNaN(b)) {
                assertThat(HalfFloats.floatToBf16(b) & 0xFFFF).as("bf16 %04x", bits).isEqualTo(bits);
            }
        }
        assertThat(HalfFloats.f16ToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(HalfFloats.f16ToFloat((short) 0x3C00)).isEqualTo(1f);
        assertThat(HalfFloats.f16ToFloat((short) 0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(HalfFloats.floatToF16(65520f)).isEqualTo((short) 0x7C00);
        assertThat(HalfFloats.floatToF16(65519f)).isEqualTo((short) 0x7BFF);
    }

    @Test
    void float32IsAZeroCopyViewOfTheFile() throws Exception {
        float[] values = randomValues(64, 3);
        Path file = writeOne(DType.F32, values, 64);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            TensorInfo t = f.tensors().get("t");
            ByteBuffer b = f.float32(t);
            assertThat(b).isInstanceOf(MappedByteBuffer.class);
            assertThat(b.isDirect()).isTrue();
            assertThat(b.isReadOnly()).isTrue();
            assertThat(b.position()).isZero();
            assertThat(b.capacity()).isEqualTo(64 * 4);
            assertThat(b.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
            // A copy would not see a later change to the file; the shared mapping does.
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, 42f), t.offset() + 8);
            }
            assertThat(b.getFloat(8)).isEqualTo(42f);
        }
    }

    @Test
    void readsATensorPastTheTwoGibibyteBoundaryOfASparseFile() throws Exception {
        long padElements = 1L << 29; // 2 GiB of F32
        String json = "{\"pad\":{\"dtype\":\"F32\",\"shape\":[" + padElements + "],\"data_offsets\":[0,"
                + padElements * 4 + "]},\"far\":{\"dtype\":\"BF16\",\"shape\":[2,2],\"data_offsets\":["
                + padElements * 4 + "," + (padElements * 4 + 8) + "]}}";
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        Path file = tmp.resolve("sparse.safetensors");
        long dataStart = 8 + header.length;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(dataStart + padElements * 4 + 8); // sparse: no real disk use
            ByteBuffer head = ByteBuffer.allocate((int) dataStart).order(ByteOrder.LITTLE_ENDIAN);
            head.putLong(header.length).put(header).flip();
            raf.getChannel().write(head, 0);
            ByteBuffer far = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : new float[] {1.5f, -2f, 0.25f, 3f}) {
                far.putShort(HalfFloats.floatToBf16(v));
            }
            raf.getChannel().write(far.flip(), dataStart + padElements * 4);
        }
        assertThat(Files.size(file)).isGreaterThan(Integer.MAX_VALUE);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            TensorInfo far = f.tensors().get("far");
            assertThat(far.offset()).isGreaterThan(Integer.MAX_VALUE);
            assertThat(floats(f.float32(far))).containsExactly(1.5f, -2f, 0.25f, 3f);
            assertThatThrownBy(() -> f.float32(f.tensors().get("pad")))
                    .isInstanceOf(CheckpointException.class)
                    .hasMessageContaining("sparse.safetensors")
                    .hasMessageContaining("a single tensor over 2 GiB cannot be mapped");
        }
    }

    @Test
    void streamsATensorInChunksAndRejectsMisuse() {
        Path file = tmp.resolve("big.safetensors");
        int n = SafetensorsWriter.CHUNK_ELEMENTS * 2 + 5;
        try (SafetensorsWriter w = SafetensorsWriter.create(file, List.of(new TensorSpec("x", DType.F32,
                new long[] {n})), null)) {
            assertThatThrownBy(() -> w.write("y", new float[1])).hasMessageContaining("tensor y was not declared");
            assertThatThrownBy(() -> w.write("x", new float[3])).hasMessageContaining("has " + n + " elements, got 3");
            w.write("x", (start, chunk, count) -> {
                for (int i = 0; i < count; i++) {
                    chunk[i] = start + i;
                }
            });
            assertThatThrownBy(() -> w.write("x", (s, c, k) -> { })).hasMessageContaining("written twice");
        }
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            float[] back = floats(f.float32(f.tensors().get("x")));
            assertThat(back[n - 1]).isEqualTo(n - 1);
            assertThat(back[SafetensorsWriter.CHUNK_ELEMENTS]).isEqualTo(SafetensorsWriter.CHUNK_ELEMENTS);
        }
    }

    @Test
    void anUnfinishedFileNeverAppearsUnderItsName() {
        Path file = tmp.resolve("half.safetensors");
        SafetensorsWriter w = SafetensorsWriter.create(file, List.of(new TensorSpec("a", DType.F32, new long[] {1}),
                new TensorSpec("b", DType.F32, new long[] {1})), null);
        w.write("a", new float[] {1});
        assertThatThrownBy(w::close).hasMessageContaining("tensors never written: [b]");
        assertThat(file).doesNotExist();
        assertThat(file.resolveSibling("half.safetensors.partial")).doesNotExist();
    }

    @Test
    void shardedWriterSplitsByBytesAndWritesTheIndex() throws Exception {
        List<TensorSpec> specs = List.of(new TensorSpec("a", DType.F32, new long[] {100}),
                new TensorSpec("b", DType.F32, new long[] {100}), new TensorSpec("c", DType.F32, new long[] {100}),
                new TensorSpec("d", DType.F16, new long[] {2}));
        try (ShardedSafetensorsWriter w = ShardedSafetensorsWriter.create(tmp, specs, 3, null)) {
            for (TensorSpec s : specs) {
                w.write(s.name(), new float[(int) s.elementCount()]);
            }
            assertThat(w.dataBytes()).isEqualTo(1204);
        }
        JsonNode index = new ObjectMapper().readTree(tmp.resolve("model.safetensors.index.json").toFile());
        assertThat(index.get("metadata").get("total_size").asLong()).isEqualTo(1204);
        assertThat(index.get("weight_map").get("a").asText()).isEqualTo("model-00001-of-00003.safetensors");
        assertThat(index.get("weight_map").get("b").asText()).isEqualTo("model-00002-of-00003.safetensors");
        assertThat(index.get("weight_map").get("c").asText()).isEqualTo("model-00003-of-00003.safetensors");
        assertThat(index.get("weight_map").get("d").asText()).isEqualTo("model-00003-of-00003.safetensors");
        assertThatThrownBy(() -> ShardedSafetensorsWriter.create(tmp.resolve("x"), specs, 5, null))
                .hasMessageContaining("cannot split 4 tensors into 5 shards");
    }
}
