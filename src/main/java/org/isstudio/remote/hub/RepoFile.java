package org.isstudio.remote.hub;

import java.util.Optional;

/**
 * One file of a repository revision as the Hub's API lists it ({@code siblings} with {@code ?blobs=true}).
 *
 * @param path      path in the repository ({@code rfilename})
 * @param size      bytes, or -1 when the listing did not say
 * @param blobId    the git blob id (sha1 of the git object), which is the ETag of a file kept in git
 * @param lfsSha256 the sha256 of the content for files kept in Git LFS, which is their ETag
 */
public record RepoFile(String path, long size, String blobId, Optional<String> lfsSha256) {

    /** The name huggingface_hub gives the blob in the cache: the ETag the resolve endpoint returns. */
    public String etag() {
        return lfsSha256.orElse(blobId);
    }
}
