package org.isstudio.model;

/**
 * An error is what the contest's own loader would crash on or silently misread; a warning is what it
 * accepts but a reviewer would frown at.
 */
public enum Severity {
    ERROR, WARNING;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
