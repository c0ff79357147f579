package dev.vibe.cli.model;

import static dev.vibe.cli.model.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vibe.engine.checkpoint.RandomCheckpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vibe model pull} against a minimal Hub on loopback (files served directly, no LFS). */
class PullCommandTest {

    @TempDir
    Path tmp;
    HttpServer server;
    final List<String> fetched = new CopyOnWriteArrayList<>();

    private String serve(Map<String, byte[]> files) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> handle(ex, files));
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex, Map<String, byte[]> files) throws IOException {
        String path = ex.getRequestURI().getPath();
        byte[] body;
        if (path.startsWith("/api/models/acme/m/revision/")) {
            StringBuilder json = new StringBuilder("{\"sha\":\"c0ffee\",\"siblings\":[");
            files.forEach((name, data) -> json.append(json.charAt(json.length() - 1) == '[' ? "" : ",")
                    .append("{\"rfilename\":\"").append(name).append("\",\"size\":").append(data.length).append('}'));
            body = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        } else {
            String name = path.substring(path.lastIndexOf('/') + 1);
            fetched.add(name);
            body = files.get(name);
        }
        ex.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
        if (body != null) {
            ex.getResponseBody().write(body);
        }
        ex.close();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static Map<String, byte[]> folder(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.toList()) {
                files.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    @Test
    void pullsAndValidatesACheckpoint() throws Exception {
        Map<String, byte[]> files = folder(RandomCheckpoint.writeTiny(tmp.resolve("src")));
        String endpoint = serve(files);
        Path target = tmp.resolve("m");
        String[] r = run("model", "pull", "acme/m", "--endpoint", endpoint, "--dir", target.toString());
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1]).contains("pulled acme/m@main (commit c0ffee)").contains("5 files")
                .contains("checkpoint Qwen2ForCausalLM");
        assertThat(Files.readAllBytes(target.resolve("model.safetensors"))).isEqualTo(files.get("model.safetensors"));
        assertThat(target.resolve(".vibe-source.json")).exists();
    }

    @Test
    void aRepoThatIsNotQwen2FailsBeforeItsWeightsAreFetched() throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        files.put("config.json", "{\"architectures\": [\"LlamaForCausalLM\"]}".getBytes(StandardCharsets.UTF_8));
        files.put("model.safetensors", new byte[4096]);
        String endpoint = serve(files);
        String[] r = run("model", "pull", "acme/m", "--endpoint", endpoint, "--dir", tmp.resolve("m").toString());
        assertThat(r[0]).isEqualTo("2");
        String[] lines = r[2].strip().split("\\R");
        assertThat(lines[lines.length - 1]).startsWith("vibe model pull: ") // above it: the progress bar
                .contains("config.json: unknown architecture LlamaForCausalLM");
        assertThat(fetched).containsExactly("config.json");
    }
}
