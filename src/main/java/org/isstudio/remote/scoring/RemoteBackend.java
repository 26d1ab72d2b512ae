package org.isstudio.remote.scoring;

import org.isstudio.eval.ScoringBackend;

import java.util.List;

/** A {@link ScoringBackend} on a server that it probed when it connected. */
public interface RemoteBackend extends ScoringBackend {

    /** What the probe found that the user should know, though scoring works (e.g. a BOS policy differing from the server's). */
    List<String> notes();
}
