package dev.vibe.operators.fanout;

import dev.vibe.engine.prompt.ChatMessage;
import dev.vibe.engine.prompt.Prompt;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * How a problem becomes the model's prompt.
 *
 * <ul>
 *   <li>default: the authors' format, the problem then {@link Prompt#AUTHORS_SUFFIX} as the only user message, no
 *       system message;
 *   <li>a template: a user-written text in which every {@code {problem}} is replaced by the problem, used as the
 *       only user message (no suffix is added: the template says what it wants);
 *   <li>a system prompt, with either of the above, adds a system message first.
 * </ul>
 * A row that already carries its chat messages (verl / rllm files) is used as it is; a system prompt given here is
 * then added only when the row has none.
 */
public final class PromptFormat implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The placeholder a template must contain. */
    public static final String PROBLEM_PLACEHOLDER = "{problem}";

    private final String systemPrompt;
    private final String template;

    private PromptFormat(String systemPrompt, String template) {
        this.systemPrompt = systemPrompt;
        this.template = template;
    }

    /** The authors' format, no system message. */
    public static PromptFormat authors() {
        return new PromptFormat(null, null);
    }

    /**
     * @param systemPrompt a system message, or null for none
     * @param template a user-message template containing {@value #PROBLEM_PLACEHOLDER}, or null for the authors'
     *     format
     */
    public static PromptFormat of(String systemPrompt, String template) {
        if (systemPrompt != null && systemPrompt.isBlank()) {
            throw new IllegalArgumentException("system prompt must not be blank (leave it out for none)");
        }
        if (template != null && !template.contains(PROBLEM_PLACEHOLDER)) {
            throw new IllegalArgumentException("prompt template must contain " + PROBLEM_PLACEHOLDER);
        }
        return new PromptFormat(systemPrompt, template);
    }

    public String systemPrompt() {
        return systemPrompt;
    }

    public String template() {
        return template;
    }

    /**
     * The prompt of one problem.
     *
     * @param problem the problem's text
     * @param messages the row's own chat messages, or null/empty when it has none
     */
    public Prompt render(String problem, List<ChatMessage> messages) {
        if (messages != null && !messages.isEmpty()) {
            boolean hasSystem = messages.stream().anyMatch(m -> m.role().equals("system"));
            if (systemPrompt == null || hasSystem) {
                return Prompt.chat(messages);
            }
            List<ChatMessage> withSystem = new ArrayList<>(messages.size() + 1);
            withSystem.add(ChatMessage.system(systemPrompt));
            withSystem.addAll(messages);
            return Prompt.chat(withSystem);
        }
        if (template == null) {
            return Prompt.forProblem(problem, systemPrompt);
        }
        List<ChatMessage> out = new ArrayList<>(2);
        if (systemPrompt != null) {
            out.add(ChatMessage.system(systemPrompt));
        }
        out.add(ChatMessage.user(template.replace(PROBLEM_PLACEHOLDER, problem)));
        return Prompt.chat(out);
    }
}
