package org.isstudio.remote.hub;

import java.io.IOException;

/** A Hub request that failed for a reason the user can act on; the message says what to do. */
public final class HubException extends IOException {

    public enum Kind {
        /** The repository does not exist, or it is private and no token with access was sent. */
        REPO_NOT_FOUND,
        REVISION_NOT_FOUND,
        ENTRY_NOT_FOUND,
        /** The repository is gated: the user must accept its conditions on the Hub and send a token. */
        GATED,
        /** The token was refused. */
        UNAUTHORIZED,
        /** Offline mode (or an unreachable Hub) and the file is not in the cache. */
        NOT_CACHED,
        UNREACHABLE,
        /** The downloaded bytes do not hash to what the Hub lists. */
        CHECKSUM_MISMATCH,
        /** The repository has no files the engine can use. */
        UNUSABLE_REPO,
        SERVER_ERROR
    }

    private final Kind kind;

    public HubException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public HubException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
