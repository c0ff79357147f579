package dev.vibe.cli.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vibe.cli.Common;
import dev.vibe.engine.checkpoint.Checkpoint;
import dev.vibe.engine.checkpoint.Qwen2Config;
import dev.vibe.engine.checkpoint.TensorInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vibe model inspect}: validates a checkpoint folder and prints its shape, files and revision. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Validate a checkpoint and print its architecture, sizes, files and revision.")
public final class InspectCommand implements Callable<Integer> {

    @Mixin
    Common common;

    @Parameters(paramLabel = "DIR", arity = "0..1",
            description = "Checkpoint folder (default: the demo model, models/demo-arithmetic).")
    Path dir;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Path folder = dir != null ? dir : Common.defaultModel();
        try (Checkpoint c = Checkpoint.open(folder)) {
            Map<String, Object> report = report(c);
            if (json) {
                System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(report));
            } else {
                printText(c, report);
            }
        }
        return 0;
    }

    static Map<String, Object> report(Checkpoint c) {
        Qwen2Config k = c.config();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", c.name());
        r.put("directory", c.directory().toString());
        r.put("revision", c.revision());
        r.put("architecture", k.architecture());
        r.put("hidden_size", k.hiddenSize());
        r.put("num_hidden_layers", k.numHiddenLayers());
        r.put("num_attention_heads", k.numAttentionHeads());
        r.put("num_key_value_heads", k.numKeyValueHeads());
        r.put("head_dim", k.headDim());
        r.put("intermediate_size", k.intermediateSize());
        r.put("vocab_size", k.vocabSize());
        r.put("max_position_embeddings", k.maxPositionEmbeddings());
        r.put("rope_theta", k.ropeTheta());
        r.put("rms_norm_eps", k.rmsNormEps());
        r.put("torch_dtype", k.torchDtype());
        r.put("tensor_dtypes", new TreeSet<>(c.tensors().values().stream().map(t -> t.dtype().name()).toList()));
        r.put("tie_word_embeddings", k.tieWordEmbeddings());
        r.put("lm_head_stored", !c.lmHeadTied());
        r.put("parameters", c.tensors().values().stream().mapToLong(TensorInfo::elementCount).sum());
        r.put("bos_token_id", k.bosTokenId());
        r.put("eos_token_ids", k.eosTokenIds());
        r.put("generation_eos_token_ids", c.generationConfig().eosTokenIds());
        r.put("eos_token", c.tokenizerConfig().eosToken());
        Map<String, Long> files = files(c.directory());
        r.put("files", files);
        r.put("total_bytes", files.values().stream().mapToLong(Long::longValue).sum());
        return r;
    }

    private static Map<String, Long> files(Path folder) {
        Map<String, Long> sizes = new TreeMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path p : list.filter(Files::isRegularFile).toList()) {
                sizes.put(p.getFileName().toString(), Files.size(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(folder + ": cannot list: " + e.getMessage(), e);
        }
        return sizes;
    }

    private static void printText(Checkpoint c, Map<String, Object> r) {
        Qwen2Config k = c.config();
        System.out.printf("checkpoint   %s (%s)%n", r.get("name"), r.get("directory"));
        System.out.printf("revision     %s%n", r.get("revision"));
        System.out.printf("architecture %s%n", k.architecture());
        System.out.printf("shape        hidden %d, layers %d, heads %d, kv heads %d, head_dim %d, MLP %d, vocab %d,"
                + " context %d%n", k.hiddenSize(), k.numHiddenLayers(), k.numAttentionHeads(), k.numKeyValueHeads(),
                k.headDim(), k.intermediateSize(), k.vocabSize(), k.maxPositionEmbeddings());
        System.out.printf("rope_theta   %s, rms_norm_eps %s%n", k.ropeTheta(), k.rmsNormEps());
        System.out.printf("dtype        %s (tensors %s)%n", k.torchDtype(), r.get("tensor_dtypes"));
        System.out.printf("lm_head      %s%n", c.lmHeadTied() ? "tied to embed_tokens" : "stored (untied)");
        System.out.printf("parameters   %,d (%.2f B)%n", (long) r.get("parameters"),
                (long) r.get("parameters") / 1e9);
        System.out.printf("eos          config %s, generation_config %s, tokenizer %s%n", k.eosTokenIds(),
                c.generationConfig().eosTokenIds(), c.tokenizerConfig().eosToken());
        System.out.println("files");
        @SuppressWarnings("unchecked")
        Map<String, Long> files = (Map<String, Long>) r.get("files");
        files.forEach((name, size) -> System.out.printf("  %-40s %s%n", name, human(size)));
        System.out.printf("total        %s%n", human((long) r.get("total_bytes")));
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format("%.1f %s", v, units[u]);
    }
}
