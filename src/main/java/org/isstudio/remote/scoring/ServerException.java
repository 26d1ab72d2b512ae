package org.isstudio.remote.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;

/**
 * A scoring server that cannot be used, or answered something that cannot be trusted: an error status, a body
 * of the wrong shape, missing or null prompt log-probs, token ids that disagree with the local tokenizer. The
 * message names the server and says how to fix it where that is known.
 */
public final class ServerException extends IOException {

    private final int status;
    private final transient JsonNode error;

    public ServerException(String message) {
        this(message, -1, MissingNode.getInstance());
    }

    public ServerException(String message, Throwable cause) {
        super(message, cause);
        this.status = -1;
        this.error = MissingNode.getInstance();
    }

    /** An error answer: its HTTP status and the OpenAI-style {@code error} object of its body, if it had one. */
    ServerException(String message, int status, JsonNode error) {
        super(message);
        this.status = status;
        this.error = error;
    }

    /** The HTTP status of the answer, or -1 when the failure was not an error status. */
    public int status() {
        return status;
    }

    /** The body's {@code {"error": {"message", "type", "param", "code"}}} object; a missing node when there was none. */
    JsonNode error() {
        return error;
    }
}
