package dev.vibe.engine.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One file of a pull: kept if already complete and intact, else fetched into {@code <file>.incomplete} (resumed
 * with {@code Range: bytes=N-} when a partial exists), checked against its size and sha256, then renamed into place.
 */
final class FileDownload {

    static final String INCOMPLETE_SUFFIX = ".incomplete";

    private final HubClient hub;
    private final String repoId;
    private final HubFile file;
    private final URI uri;
    private final Path target;
    private final Path partial;
    private final int retries;
    private final Duration stallTimeout;

    FileDownload(HubClient hub, String repoId, HubFile file, URI uri, Path target, int retries,
            Duration stallTimeout) {
        this.hub = hub;
        this.repoId = repoId;
        this.file = file;
        this.uri = uri;
        this.target = target;
        this.partial = target.resolveSibling(target.getFileName() + INCOMPLETE_SUFFIX);
        this.retries = retries;
        this.stallTimeout = stallTimeout;
    }

    /** Progress over all files of a pull: bytes of finished files plus the bytes of the current one. */
    static final class Progress {
        private final long total;
        private final PullListener listener;
        private long finished;

        Progress(long total, PullListener listener) {
            this.total = total;
            this.listener = listener;
        }

        void current(long bytesOfCurrentFile) {
            listener.progress(finished + bytesOfCurrentFile, total);
        }

        void finished(long fileSize) {
            finished += fileSize;
            listener.progress(finished, total);
        }
    }

    /** Makes the file present and verified; returns the bytes fetched over the network. */
    long run(Progress progress) {
        try {
            Files.createDirectories(target.getParent());
            if (Files.exists(target) && Files.size(target) == file.size()
                    && (!file.isLfs() || sha256(target).equalsIgnoreCase(file.sha256()))) {
                progress.finished(file.size());
                return 0;
            }
            long fetched = 0;
            boolean fromPartial = Files.exists(partial) && Files.size(partial) > 0;
            int failures = 0;
            while (true) {
                try {
                    fetched += transfer(progress);
                } catch (Interrupted e) {
                    fetched += e.bytes;
                    if (failures++ >= retries) {
                        throw new HubException(repoId + ": " + file.path() + ": transfer broke after "
                                + Files.size(partial) + " of " + file.size() + " bytes (" + e.getMessage()
                                + "); pull again to resume from " + partial.getFileName(), e.getCause());
                    }
                    continue;
                }
                // Hashing after the transfer (not while streaming) keeps resumed and fresh files on one path.
                String actual = file.isLfs() ? sha256(partial) : null;
                if (actual == null || actual.equalsIgnoreCase(file.sha256())) {
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    progress.finished(file.size());
                    return fetched;
                }
                Files.deleteIfExists(partial);
                if (!fromPartial) {
                    throw new HubException(repoId + ": " + file.path() + ": sha256 mismatch: expected "
                            + file.sha256() + ", got " + actual + " (download discarded)");
                }
                // A bad partial (another revision's, or damaged) is discarded and the file fetched afresh, once.
                fromPartial = false;
            }
        } catch (IOException e) {
            throw new HubException(repoId + ": " + file.path() + ": cannot write " + target + ": " + e.getMessage(),
                    e);
        }
    }

    /** A transfer that broke off; {@code bytes} arrived before it did and stay in the partial file. */
    private static final class Interrupted extends Exception {
        final long bytes;

        Interrupted(long bytes, String message, IOException cause) {
            super(message, cause);
            this.bytes = bytes;
        }
    }

    /** Appends the missing bytes to the partial file; returns how many arrived. */
    private long transfer(Progress progress) throws IOException, Interrupted {
        long have = Files.exists(partial) ? Files.size(partial) : 0;
        if (have > file.size()) {
            Files.delete(partial);
            have = 0;
        }
        progress.current(have);
        if (have == file.size()) {
            return 0;
        }
        HttpResponse<InputStream> response = hub.get(uri, have > 0 ? "bytes=" + have + "-" : null,
                repoId + ": " + file.path());
        if (response.statusCode() == 416) {
            // the server cannot serve from there: the partial is not a prefix of this file
            HubClient.discard(response);
            Files.delete(partial);
            return transfer(progress);
        }
        boolean append = have > 0 && response.statusCode() == 206;
        if (append) {
            String range = response.headers().firstValue("Content-Range").orElse("");
            if (!range.startsWith("bytes " + have + "-")) {
                HubClient.discard(response);
                throw new HubException(repoId + ": " + file.path() + ": asked for bytes from " + have
                        + " but the server sent Content-Range '" + range + "'");
            }
        } else {
            have = 0; // a whole file (200): the partial is overwritten
        }
        long copied = copy(response.body(), append, have, progress);
        long size = Files.size(partial);
        if (size > file.size()) {
            Files.delete(partial);
            throw new HubException(repoId + ": " + file.path() + ": got " + size + " bytes, the Hub lists "
                    + file.size() + " (download discarded)");
        }
        if (size < file.size()) {
            throw new Interrupted(copied, "the connection closed early", null);
        }
        return copied;
    }

    private long copy(InputStream body, boolean append, long have, Progress progress) throws IOException,
            Interrupted {
        AtomicLong lastByteAt = new AtomicLong(System.nanoTime());
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hub-download-watchdog");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(100, stallTimeout.toMillis() / 4);
        ScheduledFuture<?> check = watchdog.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastByteAt.get() > stallTimeout.toNanos()) {
                closeQuietly(body); // unblocks the read below with an IOException
            }
        }, period, period, TimeUnit.MILLISECONDS);
        long copied = 0;
        try (InputStream in = body;
                OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                copied += n;
                lastByteAt.set(System.nanoTime());
                progress.current(have + copied);
            }
        } catch (IOException e) {
            if (Files.exists(partial)) {
                throw new Interrupted(copied, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(),
                        e);
            }
            throw e;
        } finally {
            check.cancel(false);
            watchdog.shutdownNow();
        }
        return copied;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is how the stalled read is aborted
        }
    }

    static String sha256(Path path) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
