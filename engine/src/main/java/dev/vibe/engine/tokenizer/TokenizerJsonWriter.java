package dev.vibe.engine.tokenizer;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vibe.engine.prompt.ChatTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a Hugging Face {@code tokenizer.json} (and {@code tokenizer_config.json}) for a byte-level BPE laid out as
 * Qwen2's: NFC normalizer, the Qwen2 split regex then ByteLevel pre-tokenizer, ByteLevel decoder, the 256 byte
 * tokens in GPT-2 order, one token per merge, then the ChatML special tokens as added tokens. DJL's
 * {@code HuggingFaceTokenizer} (and transformers) load the result.
 *
 * <pre>{@code
 * TokenizerJsonWriter.byteLevelBpe(merges)   // merges spelled in the byte-level alphabet: "Ġ t", "Ġt he"
 *     .optVocabSize(151936)                  // pad with unused added tokens so every model id decodes
 *     .writeTo(checkpointDir);               // tokenizer.json + tokenizer_config.json
 * }</pre>
 */
public final class TokenizerJsonWriter {

    /** Qwen2's pre-tokenizer split (from its tokenizer.json). */
    public static final String QWEN2_SPLIT_REGEX = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+"
            + "|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    public static final String END_OF_TEXT = ChatTemplate.END_OF_TEXT;
    public static final String IM_START = ChatTemplate.IM_START;
    public static final String IM_END = ChatTemplate.IM_END;
    /** The special tokens, in id order, as Qwen2 numbers them. */
    public static final List<String> CHATML_SPECIALS = List.of(END_OF_TEXT, IM_START, IM_END);

    /** The chat template of Qwen2 checkpoints without tools: ChatML, as {@code prompt.ChatTemplate} renders. */
    static final String CHAT_TEMPLATE = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n'"
            + " + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}"
            + "{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private final List<String> merges;
    private final Map<String, Integer> vocab;
    private int vocabSize = -1;
    private int specialsStart = -1;
    private int modelMaxLength = 32768;

    private TokenizerJsonWriter(List<String> merges) {
        this.merges = List.copyOf(merges);
        this.vocab = new LinkedHashMap<>();
        for (String b : ByteLevel.baseVocabulary()) {
            vocab.put(b, vocab.size());
        }
        for (int i = 0; i < this.merges.size(); i++) {
            String merge = this.merges.get(i);
            int space = merge.indexOf(' ');
            if (space <= 0 || space == merge.length() - 1 || merge.indexOf(' ', space + 1) >= 0) {
                throw new IllegalArgumentException("merge " + i + " '" + merge + "' is not two tokens 'a b'");
            }
            String left = merge.substring(0, space);
            String right = merge.substring(space + 1);
            for (String part : List.of(left, right)) {
                if (!vocab.containsKey(part)) {
                    throw new IllegalArgumentException("merge " + i + " '" + merge + "': '" + part
                            + "' is neither a byte nor made by an earlier merge");
                }
            }
            vocab.putIfAbsent(left + right, vocab.size());
        }
    }

    /**
     * A byte-level BPE from its merges, in priority order, spelled in the byte-level alphabet
     * ({@link ByteLevel#encode}); an empty list gives a pure byte tokenizer (259 ids with the specials).
     */
    public static TokenizerJsonWriter byteLevelBpe(List<String> merges) {
        return new TokenizerJsonWriter(merges);
    }

    /** Pads with unused placeholder tokens up to this many ids, so every id of a larger embedding decodes. */
    public TokenizerJsonWriter optVocabSize(int size) {
        this.vocabSize = size;
        return this;
    }

    /** Puts the ChatML specials at this id (Qwen2: 151643), padding before them; default right after the BPE. */
    public TokenizerJsonWriter optSpecialTokensStartId(int id) {
        this.specialsStart = id;
        return this;
    }

    /** {@code model_max_length} in tokenizer_config.json. */
    public TokenizerJsonWriter optModelMaxLength(int length) {
        this.modelMaxLength = length;
        return this;
    }

    /** Tokens of the BPE model: 256 bytes plus one per distinct merge result. */
    public int bpeVocabularySize() {
        return vocab.size();
    }

    /** Every id, added tokens and padding included. */
    public int vocabSize() {
        return Math.max(vocabSize, specialsStartId() + CHATML_SPECIALS.size());
    }

    public int specialsStartId() {
        return specialsStart < 0 ? vocab.size() : specialsStart;
    }

    public int endOfTextId() {
        return specialsStartId();
    }

    public int imStartId() {
        return specialsStartId() + 1;
    }

    public int imEndId() {
        return specialsStartId() + 2;
    }

    /** The BPE tokens by id (the model's {@code vocab}). */
    public Map<String, Integer> vocabulary() {
        return java.util.Collections.unmodifiableMap(vocab);
    }

    private void checkLayout() {
        int start = specialsStartId();
        if (start < vocab.size()) {
            throw new IllegalStateException("special tokens at " + start + " would overlap the " + vocab.size()
                    + " BPE tokens");
        }
        if (vocabSize >= 0 && vocabSize < start + CHATML_SPECIALS.size()) {
            throw new IllegalStateException("vocab size " + vocabSize + " leaves no room for the special tokens at "
                    + start);
        }
    }

    /**
     * The model's vocabulary: the BPE tokens, then placeholders up to the specials. Placeholders before the
     * specials are plain vocabulary entries no merge reaches (tokenizers loads 150k added tokens in minutes, a
     * 150k vocabulary in a second); added tokens take consecutive ids after the vocabulary (tokenizers ignores a
     * stated id), so this is also what puts the specials at their id.
     */
    private Map<String, Integer> modelVocabulary() {
        checkLayout();
        Map<String, Integer> full = new LinkedHashMap<>(vocab);
        for (int id = vocab.size(); id < specialsStartId(); id++) {
            if (full.putIfAbsent(unused(id), id) != null) {
                throw new IllegalStateException("a merge already makes the placeholder " + unused(id));
            }
        }
        return full;
    }

    /** The specials, then placeholders up to the vocabulary size (few: Qwen2 pads 290). */
    private List<String> addedTokens() {
        checkLayout();
        List<String> added = new ArrayList<>(CHATML_SPECIALS);
        for (int id = specialsStartId() + CHATML_SPECIALS.size(); id < vocabSize(); id++) {
            added.add(unused(id));
        }
        return added;
    }

    private static String unused(int id) {
        return "<|unused_" + id + "|>";
    }

    /** Writes {@code tokenizer.json} and {@code tokenizer_config.json} into a folder. */
    public void writeTo(Path directory) {
        write(directory.resolve("tokenizer.json"));
        writeTokenizerConfig(directory.resolve("tokenizer_config.json"));
    }

    /** Writes {@code tokenizer.json}. */
    public void write(Path tokenizerJson) {
        Map<String, Integer> modelVocab = modelVocabulary();
        List<String> added = addedTokens();
        try {
            Files.createDirectories(tokenizerJson.toAbsolutePath().getParent());
            try (JsonGenerator g = new JsonFactory().createGenerator(tokenizerJson.toFile(), JsonEncoding.UTF8)) {
                g.writeStartObject();
                g.writeStringField("version", "1.0");
                g.writeNullField("truncation");
                g.writeNullField("padding");
                g.writeArrayFieldStart("added_tokens");
                int id = specialsStartId();
                for (String content : added) {
                    g.writeStartObject();
                    g.writeNumberField("id", id++);
                    g.writeStringField("content", content);
                    g.writeBooleanField("single_word", false);
                    g.writeBooleanField("lstrip", false);
                    g.writeBooleanField("rstrip", false);
                    g.writeBooleanField("normalized", false);
                    g.writeBooleanField("special", true);
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeObjectFieldStart("normalizer");
                g.writeStringField("type", "NFC");
                g.writeEndObject();
                g.writeObjectFieldStart("pre_tokenizer");
                g.writeStringField("type", "Sequence");
                g.writeArrayFieldStart("pretokenizers");
                g.writeStartObject();
                g.writeStringField("type", "Split");
                g.writeObjectFieldStart("pattern");
                g.writeStringField("Regex", QWEN2_SPLIT_REGEX);
                g.writeEndObject();
                g.writeStringField("behavior", "Isolated");
                g.writeBooleanField("invert", false);
                g.writeEndObject();
                writeByteLevel(g, null);
                g.writeEndArray();
                g.writeEndObject();
                writeByteLevel(g, "post_processor");
                writeByteLevel(g, "decoder");
                writeModel(g, modelVocab);
                g.writeEndObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(tokenizerJson + ": cannot write: " + e.getMessage(), e);
        }
    }

    private static void writeByteLevel(JsonGenerator g, String field) throws IOException {
        if (field == null) {
            g.writeStartObject();
        } else {
            g.writeObjectFieldStart(field);
        }
        g.writeStringField("type", "ByteLevel");
        g.writeBooleanField("add_prefix_space", false);
        g.writeBooleanField("trim_offsets", false);
        g.writeBooleanField("use_regex", false);
        g.writeEndObject();
    }

    private void writeModel(JsonGenerator g, Map<String, Integer> modelVocab) throws IOException {
        g.writeObjectFieldStart("model");
        g.writeStringField("type", "BPE");
        g.writeNullField("dropout");
        g.writeNullField("unk_token");
        g.writeStringField("continuing_subword_prefix", "");
        g.writeStringField("end_of_word_suffix", "");
        g.writeBooleanField("fuse_unk", false);
        g.writeBooleanField("byte_fallback", false);
        g.writeBooleanField("ignore_merges", false);
        g.writeObjectFieldStart("vocab");
        for (Map.Entry<String, Integer> e : modelVocab.entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeArrayFieldStart("merges");
        for (String m : merges) {
            g.writeString(m);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** Writes {@code tokenizer_config.json} as Qwen2.5 chat checkpoints lay it out (eos {@code <|im_end|>}). */
    public void writeTokenizerConfig(Path tokenizerConfigJson) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode c = json.createObjectNode();
        c.put("add_bos_token", false);
        c.put("add_prefix_space", false);
        ObjectNode decoder = c.putObject("added_tokens_decoder");
        for (int i = 0; i < CHATML_SPECIALS.size(); i++) {
            ObjectNode t = decoder.putObject(String.valueOf(specialsStartId() + i));
            t.put("content", CHATML_SPECIALS.get(i));
            t.put("lstrip", false);
            t.put("normalized", false);
            t.put("rstrip", false);
            t.put("single_word", false);
            t.put("special", true);
        }
        c.putArray("additional_special_tokens").add(IM_START).add(IM_END);
        c.putNull("bos_token");
        c.put("chat_template", CHAT_TEMPLATE);
        c.put("clean_up_tokenization_spaces", false);
        c.put("eos_token", IM_END);
        c.put("errors", "replace");
        c.put("model_max_length", modelMaxLength);
        c.put("pad_token", END_OF_TEXT);
        c.put("split_special_tokens", false);
        c.put("tokenizer_class", "Qwen2Tokenizer");
        c.putNull("unk_token");
        try {
            Files.createDirectories(tokenizerConfigJson.toAbsolutePath().getParent());
            json.writeValue(tokenizerConfigJson.toFile(), c);
        } catch (IOException e) {
            throw new UncheckedIOException(tokenizerConfigJson + ": cannot write: " + e.getMessage(), e);
        }
    }
}
