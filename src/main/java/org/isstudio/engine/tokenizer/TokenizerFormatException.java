package org.isstudio.engine.tokenizer;

import java.io.IOException;

/** A tokenizer file that cannot be used; the message names the file and the field. */
public final class TokenizerFormatException extends IOException {
    public TokenizerFormatException(String message) {
        super(message);
    }

    public TokenizerFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
