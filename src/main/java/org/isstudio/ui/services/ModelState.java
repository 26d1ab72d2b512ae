package org.isstudio.ui.services;

/**
 * Where a model is on its way to scores, as the models panel shows it. {@code QUEUED} is a model that still has to
 * be fetched (or a server), {@code DOWNLOADED} one that waits on this disk.
 */
public enum ModelState {
    QUEUED("queued"), DOWNLOADED("downloaded"), DOWNLOADING("downloading"), LOADING("loading"), SCORING("scoring"), DONE("done"),
    TOO_BIG("too big for this machine"), FAILED("failed");

    private final String label;

    ModelState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
