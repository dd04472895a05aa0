package dev.berth.app;

import javafx.application.Application;
import javafx.stage.Stage;

/** The JavaFX application: the composition root of the console. */
public final class BerthApplication extends Application {

    static void launchConsole(String[] args) {
        Application.launch(BerthApplication.class, args);
    }

    @Override
    public void start(Stage stage) {
        stage.setTitle("Berth");
        stage.show();
    }
}
