package dev.vibe.engine.train;

import dev.vibe.engine.tokenizer.ByteLevel;
import dev.vibe.engine.tokenizer.TokenizerJsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Learns byte-level BPE merges from a corpus, as Hugging Face's {@code BpeTrainer} does, with Qwen2's split
 * regex as the pre-tokenizer: numbers split into single digits there, so no merge ever joins two digits and
 * every digit stays one token (what arithmetic needs); words and the working's punctuation get merges.
 *
 * <p>Written here because the Hugging Face trainer is not exposed by DJL's tokenizer binding; the corpus is a
 * few thousand distinct words, so recounting pairs after each merge is fast enough.
 */
public final class BpeTrainer {

    /** Qwen2's pre-tokenizer split, as the written tokenizer.json applies it (Java needs the Unicode flag). */
    static final Pattern QWEN2_SPLIT = Pattern.compile(TokenizerJsonWriter.QWEN2_SPLIT_REGEX,
            Pattern.UNICODE_CHARACTER_CLASS);

    private BpeTrainer() {
    }

    /**
     * Learns merges until the vocabulary has {@code vocabSize} tokens (256 bytes plus one per merge, special
     * tokens not counted) or no pair occurs at least twice. Returns the merges in priority order spelled in the
     * byte-level alphabet ({@code "Ġ t"}), as {@link TokenizerJsonWriter#byteLevelBpe} takes them. Ties go to the
     * pair seen first in the corpus, so the result is deterministic.
     */
    public static List<String> train(Iterable<String> texts, int vocabSize) {
        if (vocabSize < 256) {
            throw new IllegalArgumentException("a byte-level vocabulary needs at least 256 tokens, got " + vocabSize);
        }
        List<String> tokens = new ArrayList<>(256); // symbol id -> byte-level spelling; byte b is symbol b
        for (int b = 0; b < 256; b++) {
            tokens.add(String.valueOf(ByteLevel.charOf(b)));
        }
        Map<String, int[]> wordCounts = new LinkedHashMap<>(); // word -> {count}
        for (String text : texts) {
            Matcher m = QWEN2_SPLIT.matcher(text);
            while (m.find()) {
                wordCounts.computeIfAbsent(m.group(), k -> new int[1])[0]++;
            }
        }
        List<int[]> words = new ArrayList<>(wordCounts.size());
        int[] counts = new int[wordCounts.size()];
        int w = 0;
        for (Map.Entry<String, int[]> e : wordCounts.entrySet()) {
            byte[] bytes = e.getKey().getBytes(StandardCharsets.UTF_8);
            int[] symbols = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                symbols[i] = bytes[i] & 0xff;
            }
            words.add(symbols);
            counts[w++] = e.getValue()[0];
        }
        List<String> merges = new ArrayList<>();
        while (tokens.size() < vocabSize) {
            Map<Long, long[]> pairs = new LinkedHashMap<>(); // pair -> {count}
            for (int i = 0; i < words.size(); i++) {
                int[] s = words.get(i);
                for (int j = 0; j + 1 < s.length; j++) {
                    pairs.computeIfAbsent(((long) s[j] << 32) | s[j + 1], k -> new long[1])[0] += counts[i];
                }
            }
            long best = -1;
            long bestCount = 1;
            for (Map.Entry<Long, long[]> e : pairs.entrySet()) {
                if (e.getValue()[0] > bestCount) {
                    best = e.getKey();
                    bestCount = e.getValue()[0];
                }
            }
            if (best < 0) {
                break;
            }
            int left = (int) (best >>> 32);
            int right = (int) best;
            int id = tokens.size();
            merges.add(tokens.get(left) + " " + tokens.get(right));
            tokens.add(tokens.get(left) + tokens.get(right));
            for (int i = 0; i < words.size(); i++) {
                words.set(i, apply(words.get(i), left, right, id));
            }
        }
        return merges;
    }

    private static int[] apply(int[] s, int left, int right, int merged) {
        int[] out = new int[s.length];
        int n = 0;
        for (int j = 0; j < s.length; j++) {
            if (j + 1 < s.length && s[j] == left && s[j + 1] == right) {
                out[n++] = merged;
                j++;
            } else {
                out[n++] = s[j];
            }
        }
        return n == s.length ? s : java.util.Arrays.copyOf(out, n);
    }

}
