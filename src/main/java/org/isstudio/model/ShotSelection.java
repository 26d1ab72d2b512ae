package org.isstudio.model;

/** How a few-shot template picks the demonstrations placed before each example. */
public enum ShotSelection {
    /** The rows listed in {@link PromptTemplate#fixedShotIds()}, in that order. */
    FIXED,
    /** The first k rows of the part (other than the example itself). */
    FIRST_N,
    /** k rows drawn without replacement with the template's seed, per example. */
    RANDOM,
    /** Like RANDOM, but cycling through the answers so each correct answer is shown about equally often. */
    BALANCED
}
