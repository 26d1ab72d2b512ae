package org.isstudio.remote.scoring;

import org.isstudio.engine.tokenizer.HfTokenizer;
import org.isstudio.engine.tokenizer.Tokenizers;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * OpenAI's {@code cl100k_base} encoding, the tokenizer of davinci-002 and babbage-002, shipped with the application
 * because OpenAI's models are not on the Hub. The resource is a Hugging Face {@code tokenizer.json}, gzip-compressed,
 * converted once from tiktoken's ranks by {@code src/tools/cl100k_base/convert.mjs} (see its README); the tests
 * compare its encodings with tiktoken's.
 */
public final class Cl100kBase {

    static final String RESOURCE = "cl100k_base.tokenizer.json.gz";

    private static HfTokenizer tokenizer;

    private Cl100kBase() {
    }

    /** Loaded on first use (a second or so) and shared: the tokenizer is immutable. */
    public static synchronized HfTokenizer tokenizer() throws IOException {
        if (tokenizer == null) {
            InputStream raw = Cl100kBase.class.getResourceAsStream(RESOURCE);
            if (raw == null) throw new IOException(RESOURCE + " is missing from the application");
            try (InputStream in = new GZIPInputStream(raw, 1 << 16)) {
                tokenizer = Tokenizers.read(in, RESOURCE);
            }
        }
        return tokenizer;
    }
}
