package dev.vibe.engine.hub;

/**
 * One file of a Hub repository as its API lists it.
 *
 * @param path {@code rfilename}: the path inside the repository
 * @param size size in bytes
 * @param sha256 the LFS object's sha256 (hex), null for files kept in git
 */
public record HubFile(String path, long size, String sha256) {

    public boolean isLfs() {
        return sha256 != null;
    }
}
