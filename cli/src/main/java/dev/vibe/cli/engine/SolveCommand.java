package dev.vibe.cli.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vibe.cli.Common;
import dev.vibe.engine.Engine;
import dev.vibe.engine.EngineConfig;
import dev.vibe.engine.GenerationRequest;
import dev.vibe.engine.GenerationResult;
import dev.vibe.engine.SamplingParams;
import dev.vibe.engine.prompt.Prompt;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Solves one problem with the engine, streaming the trace to the terminal as tokens arrive. */
@Command(name = "solve", description = "Solve one problem, streaming the reasoning trace as it is generated.")
public final class SolveCommand implements Runnable {

    @Mixin
    Common common;

    @Parameters(index = "0", paramLabel = "PROBLEM", description = "The problem text.")
    String problem;

    @Option(names = "--model", paramLabel = "DIR", description = "Checkpoint folder (default: models/demo-arithmetic).")
    Path model;

    @Option(names = "--system-prompt", paramLabel = "S", description = "Add a system message.")
    String systemPrompt;

    @Option(names = "--no-system-prompt", description = "No system message (the default: the authors' format).")
    boolean noSystemPrompt;

    @Option(names = "--raw", description = "Send PROBLEM to the model as it is, without chat template or suffix.")
    boolean raw;

    @Option(names = "--temperature", defaultValue = "0.6", description = "0 = greedy (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-p", defaultValue = "0.95", description = "Nucleus mass (default: ${DEFAULT-VALUE}).")
    double topP;

    @Option(names = "--top-k", defaultValue = "0", description = "0 = off (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--max-new-tokens", defaultValue = "4096", description = "Default: ${DEFAULT-VALUE}.")
    int maxNewTokens;

    @Option(names = "--seed", defaultValue = "0", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--dtype", description = "float32 or float16 (default: float32 on CPU, float16 on CUDA).")
    String dataType;

    @Option(names = "--json", description = "Print one JSON object with the result instead of streaming.")
    boolean json;

    @Override
    public void run() {
        if (systemPrompt != null && noSystemPrompt) {
            throw new IllegalArgumentException("--system-prompt and --no-system-prompt exclude each other");
        }
        if (raw && systemPrompt != null) {
            throw new IllegalArgumentException("--raw sends the text as it is: it cannot take --system-prompt");
        }
        Path dir = model != null ? model : Common.defaultModel();
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("model directory does not exist: " + dir
                    + (model == null ? " (give one with --model, or write the demo model first)" : ""));
        }
        SamplingParams sampling = SamplingParams.builder().optTemperature(temperature).optTopP(topP).optTopK(topK)
                .optMaxNewTokens(maxNewTokens).optSeed(seed).build();
        Prompt prompt = raw ? Prompt.raw(problem) : Prompt.forProblem(problem, systemPrompt);
        EngineConfig config = EngineConfig.builder().setModelDir(dir).optDevice(device).optDataType(dataType)
                .optMaxSlots(1).optKvCacheTokens(0).build();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (Engine engine = Engine.open(config)) {
            GenerationRequest request = new GenerationRequest("solve", prompt, sampling);
            GenerationResult result = json ? engine.submit(request).join()
                    : engine.submit(request, (token, delta) -> out.print(delta)).join();
            if (result.error() != null) {
                throw new IllegalStateException(result.error());
            }
            if (json) {
                out.println(toJson(result, engine.model().id()));
            } else {
                out.println();
                System.err.printf(Locale.ROOT, "[%s] %s, %d prompt + %d completion tokens, %.1f tok/s%s%n",
                        engine.model().id(), result.finishReason().wireName(), result.promptTokens(),
                        result.completionTokens(), result.completionTokens() / Math.max(1e-9,
                                result.decodeNanos() / 1e9),
                        result.finalAnswer() == null ? "" : ", final answer: " + result.finalAnswer());
            }
        }
    }

    static String toJson(GenerationResult r, String modelId) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode o = mapper.createObjectNode();
        o.put("request_id", r.requestId());
        o.put("model", modelId);
        o.put("text", r.text());
        o.put("reasoning", r.reasoning());
        o.put("response", r.response());
        o.put("final_answer", r.finalAnswer());
        o.put("finish_reason", r.finishReason().wireName());
        o.put("error", r.error());
        o.put("prompt_tokens", r.promptTokens());
        o.put("completion_tokens", r.completionTokens());
        r.promptTokenIds().forEach(o.putArray("prompt_token_ids")::add);
        r.completionTokenIds().forEach(o.putArray("completion_token_ids")::add);
        o.put("queued_ms", r.queuedNanos() / 1e6);
        o.put("prefill_ms", r.prefillNanos() / 1e6);
        o.put("decode_ms", r.decodeNanos() / 1e6);
        return o.toString();
    }
}
