package dev.vibe.engine.checkpoint;

/** The file names of a Hugging Face checkpoint folder. */
public final class CheckpointFiles {

    /** Architecture and sizes (required). */
    public static final String CONFIG = "config.json";
    /** End tokens and sampling defaults (optional). */
    public static final String GENERATION_CONFIG = "generation_config.json";
    /** Weights in one file. */
    public static final String SINGLE_WEIGHTS = "model.safetensors";
    /** Weights in shards: maps each tensor to its shard file ({@code weight_map}). */
    public static final String WEIGHTS_INDEX = "model.safetensors.index.json";
    /** The tokenizer in Hugging Face tokenizers format (required). */
    public static final String TOKENIZER = "tokenizer.json";
    /** Special tokens and chat template (optional). */
    public static final String TOKENIZER_CONFIG = "tokenizer_config.json";
    /** Written by {@code vibe model pull}: the Hub repo id and revision the folder came from. */
    public static final String SOURCE = ".vibe-source.json";

    /** The architecture this engine runs. */
    public static final String QWEN2_ARCHITECTURE = "Qwen2ForCausalLM";

    private CheckpointFiles() {
    }
}
