package dev.vibe.engine.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import dev.vibe.engine.cpu.NativeMatmul;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A linear layer {@code x W^T + b}, or several sharing one input with their outputs concatenated (q, k and v; gate
 * and up): {@code x [..., in] -> [..., sum of out]}. {@link Layout} says how the product is computed; all give the
 * same values within float rounding.
 */
interface Projection {

    NDArray apply(NDArray x);

    /** How the model multiplies by its projections. */
    enum Layout {
        /**
         * The checkpoint's {@code [out, in]} arrays through libtorch, one product per matrix: what training updates
         * and the reference; the engine's on CUDA (cuBLAS takes a transposed operand as a flag; not measured here).
         */
        CHECKPOINT,
        /**
         * Contiguous {@code [in, out]} copies of the concatenated matrices through libtorch: MKL's 16-row products
         * measured ~1.2-1.5x faster that way than on the checkpoint's arrays. The copies double the weights' memory.
         * The engine's on CPU where {@link NativeMatmul} is not active.
         */
        TRANSPOSED,
        /**
         * {@link NativeMatmul} on every core, from copies of the concatenated matrices packed in its own layout
         * (decode steps 1.5-2x faster than MKL here; the copies double the weights' memory). The engine's on CPU in
         * float32 where it is active; libtorch's own ops should then run on one thread (see
         * {@link Qwen2Model#multipliesNatively()}).
         */
        NATIVE;

        /** The engine's layout for weights on {@code device} in {@code dataType}. */
        static Layout forInference(Device device, DataType dataType) {
            if (!device.getDeviceType().equals(Device.Type.CPU)) {
                return CHECKPOINT;
            }
            return dataType == DataType.FLOAT32 && NativeMatmul.status().active() ? NATIVE : TRANSPOSED;
        }

        /** The matrices {@code weights[s] [out_s, in]} with their biases (null entries for none), concatenated. */
        Projection of(List<NDArray> weights, List<NDArray> biases) {
            Checkpoint checkpoint = new Checkpoint(weights, biases);
            return switch (this) {
                case CHECKPOINT -> checkpoint;
                case TRANSPOSED -> Transposed.of(weights, biases);
                case NATIVE -> new Native(checkpoint);
            };
        }

        Projection of(NDArray weight, NDArray bias) {
            List<NDArray> biases = new ArrayList<>();
            biases.add(bias);
            return of(List.of(weight), biases);
        }
    }

    /** libtorch's {@code linear} on each checkpoint array; differentiable. */
    final class Checkpoint implements Projection {
        private final List<NDArray> weights;
        private final List<NDArray> biases;

        Checkpoint(List<NDArray> weights, List<NDArray> biases) {
            if (weights.size() != biases.size()) {
                throw new IllegalArgumentException(weights.size() + " matrices, " + biases.size() + " biases");
            }
            this.weights = List.copyOf(weights);
            this.biases = new ArrayList<>(biases); // may hold nulls
        }

        @Override
        public NDArray apply(NDArray x) {
            if (weights.size() == 1) {
                return Linear.linear(x, weights.get(0), biases.get(0)).singletonOrThrow();
            }
            NDList parts = new NDList(weights.size());
            for (int s = 0; s < weights.size(); s++) {
                parts.add(Linear.linear(x, weights.get(s), biases.get(s)).singletonOrThrow());
            }
            return NDArrays.concat(parts, -1);
        }
    }

    /** One libtorch product by a contiguous {@code [in, out]} copy of the concatenated matrices. */
    record Transposed(NDArray weight, NDArray bias) implements Projection {

        static Transposed of(List<NDArray> weights, List<NDArray> biases) {
            NDArray concatenated = weights.size() == 1 ? weights.get(0) : NDArrays.concat(new NDList(weights), 0);
            Shape shape = concatenated.getShape();
            // reshape(-1) of the transposed view is what makes the copy contiguous (a same-shape reshape is a view).
            NDArray view = concatenated.transpose();
            NDArray flat = view.reshape(-1);
            NDArray copy = flat.reshape(shape.get(1), shape.get(0)); // lives on the weights' manager
            view.close();
            flat.close(); // the copy keeps the storage
            if (concatenated != weights.get(0)) {
                concatenated.close();
            }
            NDArray bias = null;
            if (biases.stream().anyMatch(b -> b != null)) {
                NDList parts = new NDList(biases.size());
                for (int s = 0; s < biases.size(); s++) {
                    NDArray b = biases.get(s);
                    parts.add(b != null ? b : weights.get(s).getManager().zeros(new Shape(weights.get(s).getShape()
                            .get(0)), weights.get(s).getDataType()));
                }
                bias = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
            }
            return new Transposed(copy, bias);
        }

        @Override
        public NDArray apply(NDArray x) {
            NDArray y = x.matMul(weight);
            return bias == null ? y : y.add(bias);
        }
    }

    /** {@link NativeMatmul} on a packed copy of the checkpoint's arrays; {@link Checkpoint} for inputs it cannot take. */
    final class Native implements Projection {
        private final Checkpoint fallback;
        private final NativeMatmul.Matrix matrix;

        Native(Checkpoint checkpoint) {
            this.fallback = checkpoint;
            List<ByteBuffer> weights = new ArrayList<>();
            List<ByteBuffer> biases = new ArrayList<>();
            int[] outs = new int[checkpoint.weights.size()];
            for (int s = 0; s < outs.length; s++) {
                NDArray w = checkpoint.weights.get(s);
                NDArray b = checkpoint.biases.get(s);
                outs[s] = Math.toIntExact(w.getShape().get(0));
                weights.add(shared(w));
                biases.add(b == null ? null : shared(b));
            }
            int in = Math.toIntExact(checkpoint.weights.get(0).getShape().get(1));
            this.matrix = NativeMatmul.bind(in, weights, biases, outs);
        }

        /** The array's own memory (contiguous float32 on CPU: loaded or built that way), to be packed from. */
        private static ByteBuffer shared(NDArray a) {
            if (a.getDataType() != DataType.FLOAT32 || !a.getDevice().equals(Device.cpu())) {
                throw new IllegalArgumentException("native products need float32 CPU arrays, got "
                        + a.getDataType() + " on " + a.getDevice());
            }
            return a.toByteBuffer(true);
        }

        @Override
        public NDArray apply(NDArray x) {
            Shape shape = x.getShape();
            long rows = shape.size() / matrix.in();
            if (rows < 1 || x.getDataType() != DataType.FLOAT32 || !x.getDevice().equals(Device.cpu())) {
                return fallback.apply(x);
            }
            NDArray y = x.getManager().create(shape.slice(0, shape.dimension() - 1).add(matrix.out()),
                    DataType.FLOAT32);
            // toByteBuffer(true): the arrays' own memory (a contiguous copy first if x is a strided view).
            ByteBuffer in = x.toByteBuffer(true);
            ByteBuffer out = y.toByteBuffer(true);
            int inBytes = matrix.in() * Float.BYTES;
            int outBytes = matrix.out() * Float.BYTES;
            // Prefill's rows, a few dozen at a time: each pass over W takes as many rows as stay in cache.
            for (int r = 0; r < rows; r += NativeMatmul.MAX_ROWS) {
                int n = (int) Math.min(NativeMatmul.MAX_ROWS, rows - r);
                matrix.multiply(in.slice(r * inBytes, n * inBytes), n, out.slice(r * outBytes, n * outBytes));
            }
            return y;
        }
    }
}
