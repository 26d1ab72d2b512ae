package org.isstudio.ui;

import javafx.application.Application;

/** Starts the JavaFX application; the only way {@code Main} reaches the toolkit. */
public final class DesktopLauncher {

    private DesktopLauncher() {
    }

    public static void launch(String[] args) {
        Application.launch(DesktopApp.class, args);
    }
}
