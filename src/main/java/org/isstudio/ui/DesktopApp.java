package org.isstudio.ui;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/** The desktop application (its window is built by the desktop issue's work). */
public final class DesktopApp extends Application {

    @Override
    public void start(Stage stage) {
        stage.setTitle("Inverse Scaling Studio");
        stage.setScene(new Scene(new Label("Inverse Scaling Studio"), 900, 600));
        stage.show();
    }
}
