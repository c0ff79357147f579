package dev.vibe.engine.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Downloads a model repository from the Hugging Face Hub (or a mirror at {@code HF_ENDPOINT}) into a folder:
 * lists the files of a revision, fetches the ones a checkpoint needs, resumes partial files, checks sizes and LFS
 * sha256 sums, and records the source in {@code .vibe-source.json}.
 *
 * <pre>{@code
 * HubClient hub = HubClient.builder().build();              // HF_ENDPOINT and HF_TOKEN from the environment
 * hub.pull("WeiboAI/VibeThinker-1.5B", "main", dir, PullListener.NONE);
 * }</pre>
 */
public final class HubClient {

    /** Environment variable: the Hub's base URL (a mirror), default {@value #DEFAULT_ENDPOINT}. */
    public static final String ENDPOINT_ENV = "HF_ENDPOINT";
    /** Environment variable: an access token, sent as {@code Authorization: Bearer} to the Hub's own host. */
    public static final String TOKEN_ENV = "HF_TOKEN";
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
    /** The files a checkpoint needs (globs over the repository paths). */
    public static final List<String> CHECKPOINT_FILES = List.of("config.json", "generation_config.json",
            "tokenizer.json", "tokenizer_config.json", "*.safetensors", "model.safetensors.index.json");
    /** Where a pull records the repo and revision it came from (read by {@code Checkpoint.name()}). */
    public static final String SOURCE_FILE = dev.vibe.engine.checkpoint.CheckpointFiles.SOURCE;

    private static final Pattern REPO_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final URI endpoint;
    private final String token;
    private final List<String> include;
    private final int retries;
    private final Duration stallTimeout;
    private final HttpClient http;

    private HubClient(Builder b) {
        this.endpoint = b.endpoint;
        this.token = b.token;
        this.include = List.copyOf(b.include);
        this.retries = b.retries;
        this.stallTimeout = b.stallTimeout;
        // Redirects are followed by hand: the token must not go to the storage host an LFS file redirects to.
        this.http = HttpClient.newBuilder().connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** A builder reading {@value #ENDPOINT_ENV} and {@value #TOKEN_ENV} from the environment. */
    public static Builder builder() {
        return builder(System.getenv());
    }

    static Builder builder(Map<String, String> env) {
        Builder b = new Builder();
        String endpoint = env.get(ENDPOINT_ENV);
        b.optEndpoint(endpoint == null || endpoint.isBlank() ? DEFAULT_ENDPOINT : endpoint);
        String token = env.get(TOKEN_ENV);
        if (token != null && !token.isBlank()) {
            b.optToken(token);
        }
        return b;
    }

    public URI endpoint() {
        return endpoint;
    }

    public boolean hasToken() {
        return token != null;
    }

    /** Every file of a revision with its size and LFS sha256. */
    public Listing list(String repoId, String revision) {
        checkRepoId(repoId);
        URI uri = URI.create(endpoint + "/api/models/" + repoId + "/revision/" + encode(revision) + "?blobs=true");
        JsonNode root;
        try (InputStream body = get(uri, null, repoId).body()) {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new HubException(repoId + ": cannot read the file list from " + uri + ": " + e.getMessage(), e);
        }
        JsonNode siblings = root.get("siblings");
        if (siblings == null || !siblings.isArray()) {
            throw new HubException(repoId + ": the Hub's answer at " + uri + " has no 'siblings' file list");
        }
        List<HubFile> files = new ArrayList<>();
        for (JsonNode s : siblings) {
            String path = s.path("rfilename").asText(null);
            JsonNode lfs = s.get("lfs");
            long size = s.has("size") ? s.get("size").asLong(-1) : lfs == null ? -1 : lfs.path("size").asLong(-1);
            if (path == null || size < 0) {
                throw new HubException(repoId + ": the Hub's file list lacks a name or size (was ?blobs=true"
                        + " ignored?): " + s);
            }
            String sha = lfs == null ? null : lfs.hasNonNull("sha256") ? lfs.get("sha256").asText()
                    : lfs.path("oid").asText("").replaceFirst("^sha256:", "");
            files.add(new HubFile(path, size, sha == null || sha.isEmpty() ? null : sha));
        }
        return new Listing(root.path("sha").asText(null), files);
    }

    /** The files of a revision and the commit it resolves to (null when not given). */
    public record Listing(String commit, List<HubFile> files) {
    }

    /**
     * Downloads the checkpoint files of {@code repoId} at {@code revision} into {@code targetDir}. Complete files
     * are kept, {@code <file>.incomplete} files are resumed; every file is checked against its size and, for LFS
     * files, its sha256.
     */
    public PullResult pull(String repoId, String revision, Path targetDir, PullListener listener) {
        Objects.requireNonNull(listener, "listener");
        Listing listing = list(repoId, revision);
        List<PathMatcher> matchers = include.stream()
                .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
        // Small files first: a listener can check config.json before gigabytes of weights arrive.
        List<HubFile> wanted = listing.files().stream()
                .filter(f -> matchers.stream().anyMatch(m -> m.matches(Path.of(f.path()))))
                .sorted(java.util.Comparator.comparing((HubFile f) -> f.path().endsWith(".safetensors"))
                        .thenComparing(HubFile::path))
                .toList();
        if (wanted.stream().noneMatch(f -> f.path().endsWith(".safetensors"))) {
            throw new HubException(repoId + "@" + revision + ": no .safetensors weights among the repository's "
                    + listing.files().size() + " files matching " + include);
        }
        long total = wanted.stream().mapToLong(HubFile::size).sum();
        listener.started(repoId, wanted, total);
        try {
            Files.createDirectories(targetDir);
        } catch (IOException e) {
            throw new UncheckedIOException(targetDir + ": cannot create: " + e.getMessage(), e);
        }
        String fileRevision = listing.commit() != null ? listing.commit() : revision;
        FileDownload.Progress progress = new FileDownload.Progress(total, listener);
        long downloaded = 0;
        for (HubFile file : wanted) {
            URI uri = URI.create(endpoint + "/" + repoId + "/resolve/" + encode(fileRevision) + "/"
                    + encodePath(file.path()));
            downloaded += new FileDownload(this, repoId, file, uri, safeTarget(targetDir, file), retries, stallTimeout)
                    .run(progress);
            listener.fileDone(file);
        }
        writeSource(targetDir, repoId, revision, listing.commit());
        return new PullResult(targetDir, repoId, revision, listing.commit(), wanted, downloaded);
    }

    private static Path safeTarget(Path dir, HubFile file) {
        Path target = dir.resolve(file.path()).normalize();
        if (!target.startsWith(dir.normalize()) || Path.of(file.path()).isAbsolute()) {
            throw new HubException("refusing file path " + file.path() + ": it leaves the target folder");
        }
        return target;
    }

    private void writeSource(Path dir, String repoId, String revision, String commit) {
        ObjectNode source = JSON.createObjectNode();
        source.put("repo", repoId);
        source.put("revision", revision);
        source.put("commit", commit);
        source.put("endpoint", endpoint.toString());
        try {
            JSON.writeValue(dir.resolve(SOURCE_FILE).toFile(), source);
        } catch (IOException e) {
            throw new UncheckedIOException(dir.resolve(SOURCE_FILE) + ": cannot write: " + e.getMessage(), e);
        }
    }

    /**
     * GET with redirects followed by hand (up to 5); the token goes only to the endpoint's host. A status other than
     * 200/206 is a {@link HubException}; 416 is returned for the caller to handle.
     */
    HttpResponse<InputStream> get(URI uri, String range, String what) {
        URI current = uri;
        for (int hop = 0; hop <= 5; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(current).GET().timeout(Duration.ofMinutes(2))
                    .header("User-Agent", "vibe/0.1 (java.net.http)");
            if (token != null && Objects.equals(current.getHost(), endpoint.getHost())
                    && current.getPort() == endpoint.getPort()) {
                request.header("Authorization", "Bearer " + token);
            }
            if (range != null) {
                request.header("Range", range);
            }
            HttpResponse<InputStream> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new HubException(what + ": cannot reach " + current + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HubException(what + ": interrupted", e);
            }
            int status = response.statusCode();
            if (status == 200 || status == 206 || status == 416) {
                return response;
            }
            discard(response);
            if (status >= 300 && status < 400 && response.headers().firstValue("Location").isPresent()) {
                current = current.resolve(response.headers().firstValue("Location").get());
                continue;
            }
            throw new HubException(what + ": " + describe(status, current));
        }
        throw new HubException(what + ": more than 5 redirects from " + uri);
    }

    private String describe(int status, URI uri) {
        return switch (status) {
            case 401 -> "401 Unauthorized at " + uri + (token == null
                    ? ": the repository is gated or private; set " + TOKEN_ENV + " to an access token"
                    : ": the token in use was rejected; check " + TOKEN_ENV);
            case 403 -> "403 Forbidden at " + uri + ": the token has no access (accept the model's terms on the Hub?)";
            case 404 -> "404 Not Found at " + uri + ": no such repository, revision or file";
            default -> "HTTP " + status + " at " + uri;
        };
    }

    static void discard(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            in.skip(1 << 16);
        } catch (IOException ignored) {
            // only drained to free the connection
        }
    }

    private static void checkRepoId(String repoId) {
        if (repoId == null || !REPO_ID.matcher(repoId).matches() || repoId.contains("..")) {
            throw new HubException("'" + repoId + "' is not a repository id like WeiboAI/VibeThinker-1.5B");
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String encodePath(String path) {
        return String.join("/", java.util.Arrays.stream(path.split("/")).map(HubClient::encode).toList());
    }

    /** Settings of a Hub client; defaults from the environment, as huggingface_hub reads them. */
    public static final class Builder {
        private URI endpoint;
        private String token;
        private List<String> include = CHECKPOINT_FILES;
        private int retries = 3;
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration stallTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** The Hub's base URL, e.g. https://huggingface.co or a mirror. */
        public Builder optEndpoint(String endpoint) {
            URI uri = URI.create(endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint);
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
                throw new IllegalArgumentException("Hub endpoint must be an http(s) URL, got '" + endpoint + "'");
            }
            this.endpoint = uri;
            return this;
        }

        /** An access token (overrides {@value #TOKEN_ENV}); null for none. */
        public Builder optToken(String token) {
            this.token = token == null || token.isBlank() ? null : token.strip();
            return this;
        }

        /** Globs over repository paths to fetch (default {@link #CHECKPOINT_FILES}). */
        public Builder optInclude(List<String> globs) {
            if (globs.isEmpty()) {
                throw new IllegalArgumentException("include needs at least one glob");
            }
            this.include = List.copyOf(globs);
            return this;
        }

        /** Times a broken transfer is resumed within one pull (default 3). */
        public Builder optRetries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("retries must be >= 0, got " + retries);
            }
            this.retries = retries;
            return this;
        }

        public Builder optConnectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** A transfer that delivers no byte for this long is aborted (and resumed if retries remain). */
        public Builder optStallTimeout(Duration timeout) {
            this.stallTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        public HubClient build() {
            return new HubClient(this);
        }
    }
}
