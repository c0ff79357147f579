package dev.vibe.engine.prompt;

import java.util.List;

/** Qwen's ChatML: {@code <|im_start|>role\ncontent<|im_end|>\n}, then {@code <|im_start|>assistant\n}. */
public final class ChatTemplate {

    public static final String IM_START = "<|im_start|>";
    public static final String IM_END = "<|im_end|>";
    public static final String END_OF_TEXT = "<|endoftext|>";

    private ChatTemplate() {
    }

    public static String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        StringBuilder out = new StringBuilder();
        for (ChatMessage m : messages) {
            out.append(IM_START).append(m.role()).append('\n').append(m.content()).append(IM_END).append('\n');
        }
        if (addGenerationPrompt) {
            out.append(IM_START).append("assistant\n");
        }
        return out.toString();
    }
}
