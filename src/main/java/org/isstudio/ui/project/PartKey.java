package org.isstudio.ui.project;

import org.isstudio.model.PartKind;
import org.isstudio.model.TaskPart;

/**
 * Names a part of the open project independently of its position and of the task's name (which the file
 * names derive from), so views, scores and diagnostics stay attached to a part when the author renames the
 * task or reorders parts.
 */
public record PartKey(PartKind kind, int number) {

    public static PartKey of(TaskPart part) {
        return new PartKey(part.kind(), part.number());
    }

    public boolean matches(TaskPart part) {
        return part.kind() == kind && part.number() == number;
    }

    /** How the project tree and the chart legend name the part. */
    public String label() {
        return switch (kind) {
            case MAIN -> "Main";
            case PART -> "Part " + number;
            case CONTROL -> "Control " + number;
        };
    }
}
