package org.isstudio.format.jsonl;

import java.io.IOException;

/** A JSONL line that is not a JSON object, located by file, line and column. */
public final class JsonlFormatException extends IOException {

    public JsonlFormatException(String file, int line, int column, String message) {
        super(file + ":" + line + ":" + column + ": " + message);
    }
}
