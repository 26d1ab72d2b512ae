package org.isstudio.ui;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.isstudio.ui.wiring.StandardContext;

import java.io.InputStream;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The desktop application: builds the services, shows the main window, then offers crash recovery or, on the
 * first run, opens the sample task and scores it on the demo series.
 */
public final class DesktopApp extends Application {

    /** Background work other than scoring (files, validation, statistics): one thread keeps them in order. */
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "isstudio-ui-worker");
        t.setDaemon(true);
        return t;
    });

    @Override
    public void start(Stage stage) throws Exception {
        AppContext ctx = StandardContext.create();
        MainWindow window = new MainWindow(stage, ctx, worker);
        for (int size : new int[]{16, 32, 48, 64, 128, 256}) {
            InputStream icon = DesktopApp.class.getResourceAsStream("/org/isstudio/ui/icons/app-" + size + ".png");
            if (icon != null) stage.getIcons().add(new Image(icon));
        }
        stage.show();
        List<String> args = getParameters().getUnnamed();
        Platform.runLater(() -> window.afterShown(args));
    }

    @Override
    public void stop() {
        worker.shutdownNow();
    }
}
