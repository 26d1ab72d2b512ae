package org.isstudio.ui;

import javafx.scene.Scene;

import java.util.Objects;

/** The application's style sheets: a base sheet and a light or dark palette over it. */
final class Theme {

    private static final String BASE = css("app.css");
    private static final String LIGHT = css("light.css");
    private static final String DARK = css("dark.css");

    private Theme() {
    }

    private static String css(String name) {
        return Objects.requireNonNull(Theme.class.getResource("css/" + name), "missing style sheet " + name).toExternalForm();
    }

    static void apply(Scene scene, boolean dark) {
        scene.getStylesheets().setAll(dark ? DARK : LIGHT, BASE);
    }
}
