package dev.vibe.engine.hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A Hub on loopback that answers as huggingface.co does: the revision API with {@code ?blobs=true}, {@code resolve}
 * URLs for files, LFS files redirected (302) to a storage server on another port, Range requests answered 206.
 */
final class FakeHub implements AutoCloseable {

    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    /** One request as the server saw it. */
    record Request(String server, String path, String range, String authorization) {
    }

    final HttpServer hub;
    final HttpServer storage;
    final String repo;
    final Map<String, byte[]> files = new LinkedHashMap<>();
    final Map<String, String> advertisedSha = new LinkedHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    volatile String requiredToken;
    /** The next {@code cuts} transfers of {@code cutFile} stop after {@code cutAfter} bytes. */
    volatile String cutFile;
    volatile int cuts;
    volatile int cutAfter;
    /** The next {@code stalls} transfers of {@code stallFile} pause {@code stallMillis} after {@code stallAfter} bytes. */
    volatile String stallFile;
    volatile int stalls;
    volatile int stallAfter;
    volatile long stallMillis;
    private final java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool();

    FakeHub(String repo, Path folder) throws IOException {
        this.repo = repo;
        try (Stream<Path> paths = Files.list(folder)) {
            for (Path p : paths.sorted().toList()) {
                files.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        files.put("README.md", "# a model\n".getBytes(StandardCharsets.UTF_8));
        files.put("pytorch_model.bin", new byte[100]);
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            if (isLfs(e.getKey())) {
                advertisedSha.put(e.getKey(), sha256(e.getValue()));
            }
        }
        InetAddress loopback = InetAddress.getLoopbackAddress();
        hub = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        storage = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        hub.setExecutor(threads); // a stalled transfer must not hold up the next request
        storage.setExecutor(threads);
        hub.createContext("/", this::handleHub);
        storage.createContext("/", this::handleStorage);
        hub.start();
        storage.start();
    }

    static boolean isLfs(String name) {
        return name.endsWith(".safetensors") || name.endsWith(".bin") || name.equals("tokenizer.json");
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + hub.getAddress().getPort();
    }

    List<Request> requestsFor(String file) {
        return requests.stream().filter(r -> r.path().endsWith("/" + file)).toList();
    }

    private void record(String server, HttpExchange ex) {
        requests.add(new Request(server, ex.getRequestURI().getPath(), ex.getRequestHeaders().getFirst("Range"),
                ex.getRequestHeaders().getFirst("Authorization")));
    }

    private boolean authorized(HttpExchange ex) throws IOException {
        if (requiredToken == null || ("Bearer " + requiredToken).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            return true;
        }
        send(ex, 401, "{\"error\":\"Invalid username or password.\"}".getBytes(StandardCharsets.UTF_8));
        return false;
    }

    private void handleHub(HttpExchange ex) throws IOException {
        record("hub", ex);
        String path = ex.getRequestURI().getPath();
        String apiPrefix = "/api/models/" + repo + "/revision/";
        String resolvePrefix = "/" + repo + "/resolve/";
        if (!authorized(ex)) {
            return;
        }
        if (path.startsWith(apiPrefix) && "blobs=true".equals(ex.getRequestURI().getQuery())) {
            send(ex, 200, listing());
        } else if (path.startsWith(resolvePrefix)) {
            String rest = path.substring(resolvePrefix.length());
            String name = rest.substring(rest.indexOf('/') + 1);
            if (!files.containsKey(name)) {
                send(ex, 404, "Entry not found".getBytes(StandardCharsets.UTF_8));
            } else if (isLfs(name)) {
                ex.getResponseHeaders().add("Location", "http://127.0.0.1:" + storage.getAddress().getPort()
                        + "/blobs/" + name + "?signature=xyz");
                ex.sendResponseHeaders(302, -1);
                ex.close();
            } else {
                serve(ex, name);
            }
        } else {
            send(ex, 404, "Repository not found".getBytes(StandardCharsets.UTF_8));
        }
    }

    private void handleStorage(HttpExchange ex) throws IOException {
        record("storage", ex);
        if (ex.getRequestHeaders().containsKey("Authorization")) {
            // as S3 presigned URLs do: a second auth mechanism is an error
            send(ex, 400, "Only one auth mechanism allowed".getBytes(StandardCharsets.UTF_8));
            return;
        }
        serve(ex, ex.getRequestURI().getPath().substring("/blobs/".length()));
    }

    private byte[] listing() throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("id", repo);
        root.put("sha", COMMIT);
        ArrayNode siblings = root.putArray("siblings");
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            ObjectNode s = siblings.addObject();
            s.put("rfilename", e.getKey());
            s.put("size", e.getValue().length);
            s.put("blobId", sha256(e.getValue()).substring(0, 40));
            if (isLfs(e.getKey())) {
                s.putObject("lfs").put("sha256", advertisedSha.get(e.getKey())).put("size", e.getValue().length)
                        .put("pointerSize", 134);
            }
        }
        return json.writeValueAsBytes(root);
    }

    private void serve(HttpExchange ex, String name) throws IOException {
        byte[] data = files.get(name);
        if (data == null) {
            send(ex, 404, new byte[0]);
            return;
        }
        int from = 0;
        String range = ex.getRequestHeaders().getFirst("Range");
        if (range != null) {
            from = Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
            if (from >= data.length) {
                ex.getResponseHeaders().add("Content-Range", "bytes */" + data.length);
                send(ex, 416, new byte[0]);
                return;
            }
            ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (data.length - 1) + "/" + data.length);
        }
        ex.sendResponseHeaders(range != null ? 206 : 200, data.length - from);
        OutputStream out = ex.getResponseBody();
        if (name.equals(cutFile) && cuts > 0) {
            cuts--;
            out.write(data, from, Math.min(cutAfter, data.length - from));
            out.flush();
            // Stop short of Content-Length: the server drops the connection mid-file.
            throw new IOException("connection cut by the test");
        }
        if (name.equals(stallFile) && stalls > 0) {
            stalls--;
            int first = Math.min(stallAfter, data.length - from);
            out.write(data, from, first);
            out.flush();
            try {
                Thread.sleep(stallMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            from += first; // then the rest, as a slow server would (the client may have given up by now)
        }
        out.write(data, from, data.length - from);
        ex.close();
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
        ex.close();
    }

    @Override
    public void close() {
        hub.stop(0);
        storage.stop(0);
        threads.shutdownNow();
    }
}
