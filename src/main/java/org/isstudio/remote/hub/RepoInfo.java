package org.isstudio.remote.hub;

import java.util.List;
import java.util.Optional;

/**
 * A repository at one revision: {@code GET /api/models/{repo}/revision/{revision}?blobs=true}.
 *
 * @param repoId the id the Hub answers with (a renamed repository answers with its new name)
 * @param commit the 40-hex commit the revision points at ({@code sha})
 */
public record RepoInfo(String repoId, String commit, List<RepoFile> files) {

    public RepoInfo {
        files = List.copyOf(files);
    }

    public Optional<RepoFile> file(String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }
}
