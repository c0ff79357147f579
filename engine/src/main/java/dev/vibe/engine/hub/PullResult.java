package dev.vibe.engine.hub;

import java.nio.file.Path;
import java.util.List;

/**
 * What a pull left on disk.
 *
 * @param directory the checkpoint folder
 * @param repoId the repository
 * @param revision the revision asked for (branch, tag or commit)
 * @param commit the commit it resolved to (null when the Hub did not say)
 * @param files the files now in the folder
 * @param bytesDownloaded bytes fetched by this pull (resumed and skipped files count less)
 */
public record PullResult(Path directory, String repoId, String revision, String commit, List<HubFile> files,
        long bytesDownloaded) {

    public PullResult {
        files = List.copyOf(files);
    }
}
