package org.isstudio.ui.services;

/** Where a model is on its way to scores, as the models panel shows it. */
public enum ModelState {
    QUEUED("queued"), DOWNLOADING("downloading"), LOADING("loading"), SCORING("scoring"), DONE("done"),
    TOO_BIG("too big for this machine"), FAILED("failed");

    private final String label;

    ModelState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
