package org.isstudio.format.validate;

/**
 * The tokenizer of the model the task will be scored on, for the checks that need one: prompts longer than the
 * contest's 1023-token truncation, logodds classes that are not single tokens or share their last token.
 * Implementations encode as the contest's Hugging Face path does ({@code tokenizer(text)["input_ids"]},
 * special tokens included).
 */
@FunctionalInterface
public interface TokenCounter {

    int[] encode(String text);
}
