package org.isstudio.model;

/** Column names of the contest files, exactly as the official code reads them. */
public final class Columns {
    public static final String PROMPT = "prompt";
    public static final String CLASSES = "classes";
    public static final String ANSWER_INDEX = "answer_index";
    public static final String COMPLETION = "completion";
    public static final String OTHER_PROMPT = "other_prompt";
    /** The data release's extra fields (prize spec §2.6). */
    public static final String ROUND = "round";
    public static final String PART = "part";

    private Columns() {
    }
}
