package dev.vibe.engine.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * GPT-2's byte-to-unicode alphabet used by byte-level BPE: every byte is a printable character, so a token is a
 * string and merges can be written as {@code "a b"}. Bytes that are printable Latin-1 map to themselves; the others
 * (controls, space, 0x7F-0xA0, 0xAD) map to U+0100 onwards, in byte order (space is {@code Ġ}, newline {@code Ċ}).
 */
public final class ByteLevel {

    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] ORDER = new int[256];

    static {
        int next = 0;
        for (int b = 0; b < 256; b++) {
            if (printable(b)) {
                BYTE_TO_CHAR[b] = (char) b;
                ORDER[next++] = b;
            }
        }
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            if (!printable(b)) {
                BYTE_TO_CHAR[b] = (char) (256 + extra++);
                ORDER[next++] = b;
            }
        }
    }

    private ByteLevel() {
    }

    private static boolean printable(int b) {
        return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    }

    /** The alphabet character of one byte. */
    public static char charOf(int unsignedByte) {
        return BYTE_TO_CHAR[unsignedByte & 0xFF];
    }

    /** The 256 single-byte tokens in GPT-2's vocabulary order (printable bytes first): ids 0..255. */
    public static List<String> baseVocabulary() {
        String[] out = new String[256];
        for (int i = 0; i < 256; i++) {
            out[i] = String.valueOf(BYTE_TO_CHAR[ORDER[i]]);
        }
        return List.of(out);
    }

    /** Text as its UTF-8 bytes written in the byte-level alphabet (how BPE tokens and merges are spelled). */
    public static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            out.append(BYTE_TO_CHAR[b & 0xFF]);
        }
        return out.toString();
    }

    /** The inverse of {@link #encode}: alphabet characters back to bytes, decoded as UTF-8. */
    public static String decode(String alphabetText) {
        byte[] bytes = new byte[alphabetText.length()];
        for (int i = 0; i < bytes.length; i++) {
            char c = alphabetText.charAt(i);
            int b = c < 256 && printable(c) ? c : indexOfExtra(c);
            if (b < 0) {
                throw new IllegalArgumentException("'" + c + "' is not in the byte-level alphabet");
            }
            bytes[i] = (byte) b;
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int indexOfExtra(char c) {
        for (int b = 0; b < 256; b++) {
            if (BYTE_TO_CHAR[b] == c) {
                return b;
            }
        }
        return -1;
    }
}
