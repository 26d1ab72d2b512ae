package org.isstudio.format;

import java.io.IOException;

/** A task file that cannot be imported or written, with a message naming the file and where. */
public final class TaskFileException extends IOException {

    public TaskFileException(String message) {
        super(message);
    }

    public TaskFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
