package dev.vibe.engine.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vibe.engine.checkpoint.Checkpoint;
import dev.vibe.engine.checkpoint.ModelShape;
import dev.vibe.engine.checkpoint.RandomCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HubClient} against a Hub served on loopback. */
class HubClientIT {

    static final String REPO = "acme/tiny-qwen";

    @TempDir
    Path tmp;
    FakeHub hub;
    Path target;

    @BeforeEach
    void start() throws Exception {
        Path source = RandomCheckpoint.builder().setShape(ModelShape.TINY).optShards(2).build()
                .write(tmp.resolve("source"));
        hub = new FakeHub(REPO, source);
        target = tmp.resolve("pulled");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private HubClient.Builder client() {
        return HubClient.builder(Map.of()).optEndpoint(hub.endpoint()).optStallTimeout(Duration.ofSeconds(10));
    }

    @Test
    void pullsTheCheckpointFilesFollowingRedirectsAndRecordsTheSource() throws Exception {
        List<long[]> progress = new ArrayList<>();
        PullResult result = client().build().pull(REPO, "main", target, new PullListener() {
            @Override
            public void progress(long done, long total) {
                progress.add(new long[] {done, total});
            }
        });
        assertThat(result.commit()).isEqualTo(FakeHub.COMMIT);
        assertThat(result.files()).extracting(HubFile::path).containsExactly("config.json",
                "generation_config.json", "model.safetensors.index.json", "tokenizer.json", "tokenizer_config.json",
                "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors");
        assertThat(target.resolve("README.md")).doesNotExist();
        assertThat(target.resolve("pytorch_model.bin")).doesNotExist();
        for (HubFile f : result.files()) {
            assertThat(Files.readAllBytes(target.resolve(f.path()))).as(f.path()).isEqualTo(hub.files.get(f.path()));
        }
        long total = result.files().stream().mapToLong(HubFile::size).sum();
        assertThat(result.bytesDownloaded()).isEqualTo(total);
        assertThat(progress.get(progress.size() - 1)).containsExactly(total, total);
        assertThat(hub.requestsFor("model-00001-of-00002.safetensors")).extracting(FakeHub.Request::server)
                .containsExactly("hub", "storage");
        assertThat(hub.requestsFor("config.json")).extracting(FakeHub.Request::path)
                .containsExactly("/" + REPO + "/resolve/" + FakeHub.COMMIT + "/config.json");
        JsonNode source = new ObjectMapper().readTree(target.resolve(".vibe-source.json").toFile());
        assertThat(source.get("repo").asText()).isEqualTo(REPO);
        assertThat(source.get("revision").asText()).isEqualTo("main");
        assertThat(source.get("commit").asText()).isEqualTo(FakeHub.COMMIT);
        try (Checkpoint c = Checkpoint.open(target)) {
            assertThat(c.name()).isEqualTo(REPO);
            assertThat(c.config().hiddenSize()).isEqualTo(64);
        }
    }

    @Test
    void secondPullResumesThePartialFileTheCutConnectionLeft() throws Exception {
        String name = "model-00001-of-00002.safetensors";
        hub.cutFile = name;
        hub.cuts = 1;
        hub.cutAfter = 5000;
        HubClient noRetry = client().optRetries(0).build();
        assertThatThrownBy(() -> noRetry.pull(REPO, "main", target, PullListener.NONE))
                .isInstanceOf(HubException.class)
                .hasMessageContaining(REPO + ": " + name + ": transfer broke after 5000 of "
                        + hub.files.get(name).length + " bytes")
                .hasMessageContaining("pull again to resume");
        Path partial = target.resolve(name + ".incomplete");
        assertThat(partial).exists();
        assertThat(Files.size(partial)).isEqualTo(5000);
        assertThat(target.resolve(name)).doesNotExist();

        PullResult second = noRetry.pull(REPO, "main", target, PullListener.NONE);
        assertThat(hub.requestsFor(name)).last().extracting(FakeHub.Request::range).isEqualTo("bytes=5000-");
        assertThat(Files.readAllBytes(target.resolve(name))).isEqualTo(hub.files.get(name));
        assertThat(partial).doesNotExist();
        // JSON files come first and were complete before the cut; the second shard had not started
        long expected = hub.files.get(name).length - 5000
                + hub.files.get("model-00002-of-00002.safetensors").length;
        assertThat(second.bytesDownloaded()).isEqualTo(expected);
        try (Checkpoint c = Checkpoint.open(target)) {
            assertThat(c.tensors()).isNotEmpty();
        }
    }

    @Test
    void aCutTransferIsResumedWithinOnePullWhenRetriesRemain() throws Exception {
        String name = "model-00002-of-00002.safetensors";
        hub.cutFile = name;
        hub.cuts = 2;
        hub.cutAfter = 1000;
        client().optRetries(2).build().pull(REPO, "main", target, PullListener.NONE);
        assertThat(Files.readAllBytes(target.resolve(name))).isEqualTo(hub.files.get(name));
        assertThat(hub.requestsFor(name)).filteredOn(r -> r.server().equals("storage"))
                .extracting(FakeHub.Request::range).containsExactly(null, "bytes=1000-", "bytes=2000-");
    }

    @Test
    void aStalledTransferIsAbortedAndResumed() throws Exception {
        String name = "model-00001-of-00002.safetensors";
        hub.stallFile = name;
        hub.stalls = 1;
        hub.stallAfter = 1000;
        hub.stallMillis = 3000;
        client().optStallTimeout(Duration.ofMillis(300)).optRetries(1).build().pull(REPO, "main", target,
                PullListener.NONE);
        assertThat(Files.readAllBytes(target.resolve(name))).isEqualTo(hub.files.get(name));
        assertThat(hub.requestsFor(name)).filteredOn(r -> r.server().equals("storage"))
                .extracting(FakeHub.Request::range).containsExactly(null, "bytes=1000-");
    }

    @Test
    void filesAlreadyCompleteAreNotFetchedAgain() {
        HubClient client = client().build();
        client.pull(REPO, "main", target, PullListener.NONE);
        int before = hub.requests.size();
        PullResult again = client.pull(REPO, "main", target, PullListener.NONE);
        assertThat(again.bytesDownloaded()).isZero();
        assertThat(hub.requests.subList(before, hub.requests.size())).extracting(FakeHub.Request::path)
                .allMatch(p -> p.startsWith("/api/"));
    }

    @Test
    void aSha256MismatchIsAClearErrorAndLeavesNoFile() {
        String name = "model-00001-of-00002.safetensors";
        hub.advertisedSha.put(name, "00".repeat(32));
        assertThatThrownBy(() -> client().build().pull(REPO, "main", target, PullListener.NONE))
                .isInstanceOf(HubException.class)
                .hasMessageContaining(REPO + ": " + name + ": sha256 mismatch: expected " + "00".repeat(32)
                        + ", got " + FakeHub.sha256(hub.files.get(name)));
        assertThat(target.resolve(name)).doesNotExist();
        assertThat(target.resolve(name + ".incomplete")).doesNotExist();
    }

    @Test
    void aBadPartialIsDiscardedAndTheFileFetchedAfresh() throws Exception {
        String name = "model-00001-of-00002.safetensors";
        Files.createDirectories(target);
        Files.write(target.resolve(name + ".incomplete"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        client().build().pull(REPO, "main", target, PullListener.NONE);
        assertThat(Files.readAllBytes(target.resolve(name))).isEqualTo(hub.files.get(name));
        assertThat(hub.requestsFor(name)).filteredOn(r -> r.server().equals("storage"))
                .extracting(FakeHub.Request::range).containsExactly("bytes=8-", null);
    }

    @Test
    void aGatedRepoWithoutTokenIsA401NamingHfToken() {
        hub.requiredToken = "hf_secret";
        assertThatThrownBy(() -> client().build().pull(REPO, "main", target, PullListener.NONE))
                .isInstanceOf(HubException.class)
                .hasMessageContaining("401 Unauthorized")
                .hasMessageContaining("set HF_TOKEN");
        assertThatThrownBy(() -> client().optToken("hf_wrong").build().pull(REPO, "main", target,
                PullListener.NONE)).hasMessageContaining("the token in use was rejected");
    }

    @Test
    void theTokenGoesToTheHubButNotToTheStorageHost() {
        hub.requiredToken = "hf_secret";
        client().optToken("hf_secret").build().pull(REPO, "main", target, PullListener.NONE);
        assertThat(hub.requests).filteredOn(r -> r.server().equals("hub")).isNotEmpty()
                .allMatch(r -> "Bearer hf_secret".equals(r.authorization()));
        assertThat(hub.requests).filteredOn(r -> r.server().equals("storage")).isNotEmpty()
                .allMatch(r -> r.authorization() == null);
    }

    @Test
    void endpointAndTokenComeFromHfEndpointAndHfToken() {
        hub.requiredToken = "hf_from_env";
        HubClient client = HubClient.builder(Map.of("HF_ENDPOINT", hub.endpoint() + "/", "HF_TOKEN", "hf_from_env"))
                .build();
        assertThat(client.endpoint().toString()).isEqualTo(hub.endpoint());
        client.pull(REPO, "main", target, PullListener.NONE);
        assertThat(target.resolve("config.json")).exists();
        assertThat(HubClient.builder(Map.of()).build().endpoint().toString()).isEqualTo("https://huggingface.co");
    }

    @Test
    void anUnknownRepoIsA404AndABadRepoIdIsRejected() {
        assertThatThrownBy(() -> client().build().pull("acme/nothing", "main", target, PullListener.NONE))
                .isInstanceOf(HubException.class).hasMessageContaining("404 Not Found")
                .hasMessageContaining("acme/nothing");
        assertThatThrownBy(() -> client().build().pull("../etc", "main", target, PullListener.NONE))
                .hasMessageContaining("is not a repository id");
    }
}
