package org.isstudio.ui.wiring;

import org.isstudio.engine.tokenizer.Tokenizer;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * A token id's text as its tokenizer decodes it alone ({@code "Ġworld"} shows as {@code " world"}), remembered per id:
 * a row's token view asks for the same few thousand ids again and again, over every model.
 */
final class TokenTexts implements IntFunction<String> {

    private final Tokenizer tokenizer;
    private final AtomicReferenceArray<String> texts;

    TokenTexts(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
        this.texts = new AtomicReferenceArray<>(tokenizer.vocabSize());
    }

    @Override
    public String apply(int id) {
        if (id < 0 || id >= texts.length()) return tokenizer.decode(new int[]{id}, false);
        String t = texts.get(id);
        if (t == null) {
            t = tokenizer.decode(new int[]{id}, false);
            texts.set(id, t);
        }
        return t;
    }
}
