package dev.vibe.engine.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the model is asked: chat messages (rendered with ChatML and a generation prompt), or raw text that is
 * already templated and is tokenized as it is.
 */
public final class Prompt {

    /** The instruction VibeThinker's authors append to every math problem. */
    public static final String AUTHORS_SUFFIX =
            " Let's think step by step and output the final answer within \\boxed{}.";

    /** The system prompt the seed article recommends. */
    public static final String DEFAULT_SYSTEM_PROMPT = "You are a math and coding problem solver.";

    private final List<ChatMessage> messages;
    private final String raw;

    private Prompt(List<ChatMessage> messages, String raw) {
        this.messages = messages;
        this.raw = raw;
    }

    /** Chat messages, rendered with ChatML ending in the assistant's generation prompt. */
    public static Prompt chat(List<ChatMessage> messages) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a chat prompt needs at least one message");
        }
        return new Prompt(List.copyOf(messages), null);
    }

    /** Text already in the model's template; tokenized as it is. */
    public static Prompt raw(String text) {
        return new Prompt(null, Objects.requireNonNull(text, "text"));
    }

    /**
     * A problem in the authors' format: the problem, then {@link #AUTHORS_SUFFIX}, as the only user message; a
     * system message first when {@code systemPrompt} is not null.
     */
    public static Prompt forProblem(String problem, String systemPrompt) {
        List<ChatMessage> messages = new ArrayList<>(2);
        if (systemPrompt != null) {
            messages.add(ChatMessage.system(systemPrompt));
        }
        messages.add(ChatMessage.user(problem + AUTHORS_SUFFIX));
        return chat(messages);
    }

    public boolean isRaw() {
        return raw != null;
    }

    /** The chat messages; empty for a raw prompt. */
    public List<ChatMessage> messages() {
        return messages == null ? List.of() : messages;
    }

    /** The system message's content, or null. */
    public String systemPrompt() {
        return messages().stream().filter(m -> m.role().equals("system")).map(ChatMessage::content).findFirst()
                .orElse(null);
    }

    /** The exact text the tokenizer sees. */
    public String render() {
        return raw != null ? raw : ChatTemplate.render(messages, true);
    }

    @Override
    public String toString() {
        return render();
    }
}
