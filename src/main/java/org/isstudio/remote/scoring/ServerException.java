package org.isstudio.remote.scoring;

import java.io.IOException;

/**
 * A scoring server that cannot be used, or answered something that cannot be trusted: an error status, a body
 * of the wrong shape, missing or null prompt log-probs, token ids that disagree with the local tokenizer. The
 * message names the server and says how to fix it where that is known.
 */
public final class ServerException extends IOException {

    public ServerException(String message) {
        super(message);
    }

    public ServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
