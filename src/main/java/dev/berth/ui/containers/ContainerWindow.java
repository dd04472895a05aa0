package dev.berth.ui.containers;

import dev.berth.ui.common.I18n;
import dev.berth.ui.common.Windows;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;

/** A window on one container: its logs and its stats, each in a tab; following stops when it closes. */
public final class ContainerWindow {

    private final Stage stage;
    private final TabPane tabs = new TabPane();

    public ContainerWindow(LogsViewModel logs, StatsViewModel stats, I18n i18n, Windows windows, boolean showStats) {
        Tab logsTab = new Tab(i18n.tr("logs.tab"), new LogsView(logs, i18n));
        logsTab.setId("tab-logs");
        Tab statsTab = new Tab(i18n.tr("stats.tab"));
        statsTab.setId("tab-stats");
        tabs.getTabs().addAll(logsTab, statsTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getStyleClass().add("container-window");
        stage = windows.create(i18n.tr("container.window", logs.containerId()), tabs, 900, 600);
        statsTab.selectedProperty().addListener((o, a, b) -> {
            if (b) {
                if (statsTab.getContent() == null) {
                    statsTab.setContent(new StatsView(stats, i18n)); // charts are built when first looked at
                }
                stats.start();
            } else {
                stats.stop();
            }
        });
        stage.setOnHidden(e -> {
            logs.close();
            stats.stop();
        });
        logs.reload();
        if (showStats) {
            tabs.getSelectionModel().select(statsTab);
        }
    }

    public void show() {
        stage.show();
        stage.toFront();
    }

    public Stage stage() {
        return stage;
    }
}
