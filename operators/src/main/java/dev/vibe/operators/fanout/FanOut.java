package dev.vibe.operators.fanout;

import dev.vibe.engine.checkpoint.Checkpoint;
import dev.vibe.engine.prompt.ChatMessage;
import dev.vibe.engine.prompt.Prompt;
import dev.vibe.engine.tokenizer.Tokenizer;
import dev.vibe.operators.metrics.RunCounters;
import dev.vibe.operators.parse.ProblemCodec;
import dev.vibe.operators.parse.RejectCategory;
import dev.vibe.operators.parse.Rejections;
import dev.vibe.schemas.Problem;
import dev.vibe.schemas.Rejected;
import dev.vibe.schemas.SolutionRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * One valid problem in, its n {@link SolutionRequest}s out: the prompt rendered once, each sample with its own
 * deterministic seed ({@link SampleSeeds}), pairs an earlier run already wrote skipped (resume), and a prompt that
 * leaves no room in the model's context sent to {@link #REJECTED} (category {@code prompt_too_long}) instead of
 * reaching the engine.
 */
public final class FanOut extends ProcessFunction<Problem, SolutionRequest> {

    private static final long serialVersionUID = 1L;

    /** Dead letters raised here: the flow's one dead-letter side output. */
    public static final OutputTag<Rejected> REJECTED = Rejections.TAG;

    private final FanOutSettings settings;
    private final CompletedSampleFilter completedFilter;

    private transient Tokenizer tokenizer;
    private transient int maxPromptTokens;
    private transient CompletedSampleFilter.Completed completed;
    private transient RunCounters counters;

    public FanOut(FanOutSettings settings, CompletedSampleFilter completedFilter) {
        this.settings = settings;
        this.completedFilter = completedFilter;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        try (Checkpoint checkpoint = Checkpoint.open(Path.of(settings.modelDir()))) {
            // one position must stay free for the first generated token
            maxPromptTokens = checkpoint.config().maxPositionEmbeddings() - 1;
            tokenizer = Tokenizer.load(checkpoint.tokenizerJson());
        }
        completed = completedFilter.load();
        counters = RunCounters.of(getRuntimeContext(), settings.runId());
    }

    @Override
    public void processElement(Problem problem, Context ctx, Collector<SolutionRequest> out) {
        counters.problemAccepted();
        List<ChatMessage> rowMessages = toEngine(problem.getMessages());
        Prompt prompt = settings.promptFormat().render(problem.getProblem(), rowMessages);
        String rendered = prompt.render();
        int promptTokens = tokenizer.encode(rendered).length;
        if (promptTokens > maxPromptTokens) {
            counters.samplesRequested(settings.samples());
            ctx.output(REJECTED, Rejections.of(RejectCategory.PROMPT_TOO_LONG,
                    "prompt too long: " + promptTokens + " tokens, the model's context leaves room for "
                            + maxPromptTokens + " (" + settings.samples() + " samples not generated)",
                    ProblemCodec.toJson(problem), problem.getOrigin(), problem.getId(), settings.runId()));
            counters.samplesRejected(settings.samples());
            return;
        }
        List<dev.vibe.schemas.ChatMessage> messages = toSchema(prompt.messages());
        for (int i = 0; i < settings.samples(); i++) {
            counters.samplesRequested(1);
            if (completed.contains(problem.getId(), i)) {
                counters.sampleSkipped();
                continue;
            }
            out.collect(SolutionRequest.newBuilder()
                    .setRunId(settings.runId())
                    .setProblemId(problem.getId())
                    .setSampleIndex(i)
                    .setSeed(SampleSeeds.seed(problem.getId(), i, settings.runSeed()))
                    .setSource(problem.getSource())
                    .setKind(problem.getKind())
                    .setPrompt(rendered)
                    .setSystemPrompt(prompt.systemPrompt())
                    .setMessages(messages)
                    .setReferenceAnswer(problem.getAnswer())
                    .setTests(problem.getTests())
                    .setMetadata(problem.getMetadata())
                    .setOrigin(problem.getOrigin())
                    .setTemperature(settings.temperature())
                    .setTopP(settings.topP())
                    .setTopK(settings.topK())
                    .setMaxNewTokens(settings.maxNewTokens())
                    .setPromptTokens(promptTokens)
                    .build());
        }
    }

    @Override
    public void close() {
        if (tokenizer != null) {
            tokenizer.close();
        }
    }

    private static List<ChatMessage> toEngine(List<dev.vibe.schemas.ChatMessage> messages) {
        if (messages == null) {
            return null;
        }
        List<ChatMessage> out = new ArrayList<>(messages.size());
        for (dev.vibe.schemas.ChatMessage m : messages) {
            out.add(new ChatMessage(m.getRole(), m.getContent()));
        }
        return out;
    }

    private static List<dev.vibe.schemas.ChatMessage> toSchema(List<ChatMessage> messages) {
        List<dev.vibe.schemas.ChatMessage> out = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            out.add(new dev.vibe.schemas.ChatMessage(m.role(), m.content()));
        }
        return out;
    }
}
