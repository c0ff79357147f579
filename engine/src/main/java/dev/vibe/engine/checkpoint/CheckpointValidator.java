package dev.vibe.engine.checkpoint;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** Checks that the weights hold every tensor the Qwen2 decoder needs, with the shape {@code config.json} implies. */
final class CheckpointValidator {

    private CheckpointValidator() {
    }

    static void validate(Qwen2Config config, Map<String, TensorInfo> tensors, Path weightsLocation) {
        boolean lmHeadPresent = tensors.containsKey(Qwen2Tensors.LM_HEAD);
        boolean needLmHead = !config.tieWordEmbeddings() || lmHeadPresent;
        for (Map.Entry<String, long[]> e : Qwen2Tensors.expected(config, needLmHead).entrySet()) {
            TensorInfo t = tensors.get(e.getKey());
            if (t == null) {
                String why = e.getKey().equals(Qwen2Tensors.LM_HEAD)
                        ? " (required: tie_word_embeddings is false)" : "";
                throw new CheckpointException(weightsLocation, "tensor " + e.getKey() + " is missing" + why);
            }
            if (!Arrays.equals(t.shape(), e.getValue())) {
                throw new CheckpointException(t.file(), "tensor " + e.getKey() + " has shape "
                        + Arrays.toString(t.shape()) + " but config.json implies " + Arrays.toString(e.getValue()));
            }
        }
    }
}
