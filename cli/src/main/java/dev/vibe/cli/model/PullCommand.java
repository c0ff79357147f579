package dev.vibe.cli.model;

import dev.vibe.cli.Common;
import dev.vibe.cli.Progress;
import dev.vibe.engine.checkpoint.Checkpoint;
import dev.vibe.engine.checkpoint.CheckpointFiles;
import dev.vibe.engine.checkpoint.ConfigJson;
import dev.vibe.engine.hub.HubClient;
import dev.vibe.engine.hub.HubFile;
import dev.vibe.engine.hub.PullListener;
import dev.vibe.engine.hub.PullResult;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vibe model pull}: downloads a checkpoint from the Hugging Face Hub, resumable, then validates it. */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = "Download a checkpoint from the Hugging Face Hub (resumes partial files, checks sha256).",
        footer = {"", "Environment: HF_ENDPOINT (a mirror; default https://huggingface.co), HF_TOKEN (gated or"
                + " private repos).", "Example: vibe model pull WeiboAI/VibeThinker-1.5B"})
public final class PullCommand implements Callable<Integer> {

    private static final long MIB = 1 << 20;

    @Mixin
    Common common;

    @Parameters(paramLabel = "REPO_ID", description = "Repository id, e.g. WeiboAI/VibeThinker-1.5B.")
    String repoId;

    @Option(names = "--revision", paramLabel = "R", defaultValue = "main",
            description = "Branch, tag or commit (default: ${DEFAULT-VALUE}).")
    String revision;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Target folder (default: models/<repo name> under VIBE_HOME).")
    Path dir;

    @Option(names = "--include", paramLabel = "GLOB", split = ",",
            description = "Files to fetch, as globs (default: the checkpoint files: config, generation config,"
                    + " tokenizer files, *.safetensors and the index).")
    List<String> include;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "Hub base URL (overrides HF_ENDPOINT; default https://huggingface.co).")
    String endpoint;

    @Override
    public Integer call() {
        Path target = dir != null ? dir : Common.home().resolve("models").resolve(repoId.replaceFirst(".*/", ""));
        HubClient.Builder builder = HubClient.builder();
        if (include != null) {
            builder.optInclude(include);
        }
        if (endpoint != null) {
            builder.optEndpoint(endpoint);
        }
        BarListener bar = new BarListener(target);
        PullResult result;
        try {
            result = builder.build().pull(repoId, revision, target, bar);
        } finally {
            bar.close();
        }
        try (Checkpoint checkpoint = Checkpoint.open(target)) {
            long size = result.files().stream().mapToLong(HubFile::size).sum();
            System.out.printf("pulled %s@%s (commit %s) into %s: %d files, %.1f MiB (%.1f MiB downloaded);"
                    + " checkpoint %s, revision %s%n", repoId, revision, result.commit(), target,
                    result.files().size(), size / (double) MIB, result.bytesDownloaded() / (double) MIB,
                    checkpoint.config().architecture(), checkpoint.revision());
        }
        return 0;
    }

    /** Drives a progress bar in MiB (the bar's unit counts whole steps). */
    private static final class BarListener implements PullListener {
        private final Path target;
        private ProgressBar bar;

        BarListener(Path target) {
            this.target = target;
        }

        @Override
        public void started(String repo, List<HubFile> files, long totalBytes) {
            bar = Progress.bar("pull " + repo, Math.max(1, (totalBytes + MIB - 1) / MIB), "MiB");
        }

        @Override
        public void progress(long bytesDone, long totalBytes) {
            if (bar != null) {
                bar.stepTo(bytesDone / MIB);
            }
        }

        /** config.json arrives first: a repo that is not Qwen2 fails before its weights are fetched. */
        @Override
        public void fileDone(HubFile file) {
            if (file.path().equals(CheckpointFiles.CONFIG)) {
                ConfigJson.readConfig(target.resolve(CheckpointFiles.CONFIG));
            }
        }

        void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
