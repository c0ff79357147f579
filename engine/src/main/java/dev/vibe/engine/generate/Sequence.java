package dev.vibe.engine.generate;

import dev.vibe.engine.FinishReason;
import dev.vibe.engine.GenerationRequest;
import dev.vibe.engine.GenerationResult;
import dev.vibe.engine.SamplingParams;
import dev.vibe.engine.TokenListener;
import dev.vibe.engine.answer.Traces;
import dev.vibe.engine.tokenizer.IncrementalDecoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's life in the scheduler: its prompt, its reserved cache rows, what it generated, its own random
 * stream, and the stop rules (end tokens, stop strings, token and context limits). Touched by the scheduler thread
 * only, except the future.
 */
final class Sequence {

    private static final Logger LOG = LoggerFactory.getLogger(Sequence.class);

    final GenerationRequest request;
    final SamplingParams sampling;
    final int[] prompt;
    /** Positions this sequence may fill: prompt + max new tokens, capped by the context. */
    final int reservation;
    final CompletableFuture<GenerationResult> future = new CompletableFuture<>();
    private final TokenListener listener;
    private final Set<Integer> stopIds;
    private final IncrementalDecoder decoder;
    private final int longestStop;
    private final List<Integer> completion = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private int emitted;

    /** The cache row of each position, while admitted. */
    long[] rows;
    int slot = -1;
    /** A running sequence with the same prompt whose cache rows this one copies on admission, or null. */
    Sequence twin;
    final long submittedNanos = System.nanoTime();
    long admittedNanos;
    long prefillNanos;
    long firstTokenNanos;
    private FinishReason finish;

    Sequence(GenerationRequest request, TokenListener listener, int[] prompt, int reservation, Set<Integer> stopIds,
            IncrementalDecoder decoder) {
        this.request = request;
        this.sampling = request.sampling();
        this.listener = listener;
        this.prompt = prompt;
        this.reservation = reservation;
        this.stopIds = stopIds;
        this.decoder = decoder;
        int longest = 0;
        for (String s : sampling.stopStrings()) {
            longest = Math.max(longest, s.length());
        }
        this.longestStop = longest;
    }

    /**
     * The token fed at the next decode step: the last generated one, or the prompt's last token for a sequence
     * that copied the rest of its prompt's keys/values from a running twin.
     */
    int lastToken() {
        return completion.isEmpty() ? prompt[prompt.length - 1] : completion.get(completion.size() - 1);
    }

    /** The position of {@link #lastToken()}. */
    int position() {
        return prompt.length + completion.size() - 1;
    }

    /** Index of the token about to be sampled: with the seed, all the draw depends on. */
    int step() {
        return completion.size();
    }

    boolean finished() {
        return finish != null;
    }

    /** Takes a sampled token; returns true when the sequence has finished. */
    boolean accept(int token) {
        if (firstTokenNanos == 0) {
            firstTokenNanos = System.nanoTime();
        }
        if (stopIds.contains(token) || sampling.stopTokenIds().contains(token)) {
            finish = FinishReason.STOP;
            text.append(decoder.finish()); // bytes of a character the model never completed
            emit(token, text.length());
            return true;
        }
        completion.add(token);
        String delta = decoder.next(token);
        int searchFrom = Math.max(0, text.length() - longestStop + 1);
        text.append(delta);
        if (!delta.isEmpty() && longestStop > 0) {
            int cut = firstStop(searchFrom);
            if (cut >= 0) {
                text.setLength(cut);
                finish = FinishReason.STOP;
                emit(token, cut);
                return true;
            }
        }
        if (prompt.length + completion.size() >= reservation) {
            finish = FinishReason.LENGTH;
            text.append(decoder.finish()); // a trace cut inside a multi-byte character keeps its last bytes
            emit(token, text.length());
            return true;
        }
        emit(token, text.length() - heldBack());
        return false;
    }

    private int firstStop(int from) {
        int best = -1;
        for (String s : sampling.stopStrings()) {
            int at = text.indexOf(s, from);
            if (at >= 0 && (best < 0 || at < best)) {
                best = at;
            }
        }
        return best;
    }

    /** Length of the text's longest suffix that could still grow into a stop string: not streamed yet. */
    private int heldBack() {
        int held = 0;
        int len = text.length();
        String tail = text.substring(Math.max(0, len - longestStop));
        for (String s : sampling.stopStrings()) {
            for (int n = Math.min(s.length() - 1, tail.length()); n > held; n--) {
                if (tail.regionMatches(tail.length() - n, s, 0, n)) {
                    held = n;
                    break;
                }
            }
        }
        return held;
    }

    private void emit(int token, int upTo) {
        String delta = upTo > emitted ? text.substring(emitted, upTo) : "";
        emitted = Math.max(emitted, upTo);
        try {
            listener.onToken(token, delta);
        } catch (RuntimeException e) {
            LOG.warn("token listener of request {} failed: {}", request.id(), e.toString());
        }
    }

    /** Completes the future with what was generated. */
    GenerationResult complete() {
        String full = text.toString();
        long end = System.nanoTime();
        GenerationResult result = new GenerationResult(request.id(), full, Traces.reasoning(full),
                Traces.response(full), Traces.finalAnswer(full), finish, null, ids(prompt), completion,
                admittedNanos - submittedNanos, prefillNanos, firstTokenNanos == 0 ? 0 : end - firstTokenNanos);
        future.complete(result);
        return result;
    }

    /** Completes the future as failed with {@code reason}. */
    void fail(String reason) {
        finish = FinishReason.ERROR;
        future.complete(GenerationResult.failed(request.id(), reason, ids(prompt), completion));
    }

    static List<Integer> ids(int[] tokens) {
        return Arrays.stream(tokens).boxed().toList();
    }

    @Override
    public String toString() {
        return request.id();
    }
}
