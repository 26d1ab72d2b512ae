package org.isstudio.format.json;

import java.io.IOException;

/** A project file that cannot be read, naming the file, the position and the field at fault. */
public final class ProjectFormatException extends IOException {

    public ProjectFormatException(String message) {
        super(message);
    }

    public ProjectFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
