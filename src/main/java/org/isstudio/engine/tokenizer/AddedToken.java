package org.isstudio.engine.tokenizer;

/**
 * A token matched in the text before the model sees it ({@code added_tokens} of {@code tokenizer.json}).
 *
 * @param singleWord matches only when not inside a word (no word character touching either end)
 * @param lstrip     also swallows the whitespace on its left
 * @param rstrip     also swallows the whitespace on its right
 * @param normalized matched in the normalized text (its content normalized too), else in the raw text
 * @param special    dropped by {@code decode(ids, skipSpecialTokens=true)}
 */
public record AddedToken(int id, String content, boolean singleWord, boolean lstrip, boolean rstrip,
        boolean normalized, boolean special) {
}
