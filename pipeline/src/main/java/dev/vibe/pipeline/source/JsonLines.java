package dev.vibe.pipeline.source;

import dev.vibe.operators.parse.RawInput;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.NoSuchElementException;

/**
 * The non-blank lines of a JSONL stream with their 1-based line numbers. Written by hand (not a text line format)
 * to keep each line's exact bytes, and to cap a line's length so one huge line cannot exhaust memory.
 */
final class JsonLines implements ProblemFileFormat.RecordFile {

    private final InputStream in;
    private final String label;
    private final String stem;
    private final int maxLineBytes;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
    private long lineNumber;
    private RawInput next;
    private boolean eof;

    JsonLines(InputStream in, String label, String stem, int maxLineBytes) {
        this.in = new BufferedInputStream(in, 1 << 16);
        this.label = label;
        this.stem = stem;
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public boolean hasNext() {
        try {
            while (next == null && !eof) {
                next = readLine();
            }
            return next != null;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + label + ": " + e.getMessage(), e);
        }
    }

    @Override
    public RawInput next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        RawInput r = next;
        next = null;
        return r;
    }

    /** The next line as a record, null for a blank line or at the end. */
    private RawInput readLine() throws IOException {
        line.reset();
        int b;
        boolean any = false;
        while ((b = in.read()) >= 0 && b != '\n') {
            any = true;
            if (line.size() <= maxLineBytes) {
                line.write(b);
            }
        }
        if (b < 0) {
            eof = true;
            if (!any) {
                return null;
            }
        }
        lineNumber++;
        byte[] bytes = line.toByteArray();
        int end = bytes.length;
        if (end > 0 && bytes[end - 1] == '\r') {
            end--;
        }
        int start = lineNumber == 1 && end >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB
                && bytes[2] == (byte) 0xBF ? 3 : 0;
        if (isBlank(bytes, start, end)) {
            return null;
        }
        byte[] value = start == 0 && end == bytes.length ? bytes : java.util.Arrays.copyOfRange(bytes, start, end);
        return new RawInput(value, label + ":" + lineNumber, stem);
    }

    private static boolean isBlank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
