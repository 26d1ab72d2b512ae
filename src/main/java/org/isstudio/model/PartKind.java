package org.isstudio.model;

/**
 * Where a part's rows go in the submission zip (prize spec §7.2): the single {@code <task>.csv}, a
 * {@code <task>-PART<i>.csv}, or a control set {@code <task>-CONTROL<i>.csv}.
 */
public enum PartKind {
    MAIN, PART, CONTROL;

    /** The file name stem of a part of this kind, e.g. {@code memo-trap-PART2}. */
    public String fileStem(String taskName, int number) {
        return switch (this) {
            case MAIN -> taskName;
            case PART -> taskName + "-PART" + number;
            case CONTROL -> taskName + "-CONTROL" + number;
        };
    }
}
