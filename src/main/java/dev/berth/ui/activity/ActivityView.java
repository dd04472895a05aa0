package dev.berth.ui.activity;

import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import dev.berth.ui.common.DialogService;
import dev.berth.ui.common.Formats;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.Icons;
import dev.berth.ui.common.Screen;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Activity screen: every operation, newest first, with a bar while it runs, its result when it
 * is over, Cancel, Show (opens its window again) and the details of an error.
 */
public final class ActivityView implements Screen {

    private final BorderPane root = new BorderPane();
    private final ListView<ActivityItem> list;

    /**
     * @param canOpen whether an operation's subject has a window to open again
     * @param open opens it
     */
    public ActivityView(ActivityViewModel vm, I18n i18n, DialogService dialogs, Predicate<Object> canOpen,
                        java.util.function.Consumer<Object> open) {
        root.setId("activity");
        root.getStyleClass().add("list-screen");
        Label heading = new Label(i18n.tr("nav.activity"));
        heading.getStyleClass().addAll(Styles.TITLE_3, "screen-title");
        HBox header = new HBox(heading);
        header.getStyleClass().add("screen-header");
        Button clear = new Button(i18n.tr("activity.clear"), Icons.of(Feather.X_CIRCLE));
        clear.setId("activity-clear");
        clear.setOnAction(e -> vm.clearFinished());
        ToolBar bar = new ToolBar(clear);
        bar.getStyleClass().add("screen-toolbar");
        root.setTop(new VBox(header, bar));
        list = new ListView<>(vm.items());
        list.setId("activity-list");
        list.getStyleClass().add("activity-list");
        Label empty = new Label(i18n.tr("activity.empty"));
        empty.getStyleClass().addAll(Styles.TEXT_MUTED, "table-empty");
        list.setPlaceholder(empty);
        Formats formats = new Formats(i18n);
        list.setCellFactory(l -> new ItemCell(vm, i18n, formats, dialogs, canOpen, open));
        root.setCenter(list);
    }

    @Override
    public Region node() {
        return root;
    }

    @Override
    public void refresh() {
        list.refresh();
    }

    @Override
    public void focusSearch() {
        list.requestFocus();
    }

    /** icon · title / message · bar · time · buttons; rebinds as cells are reused. */
    private static final class ItemCell extends ListCell<ActivityItem> {
        private final FontIcon icon = new FontIcon(Feather.LOADER);
        private final Label title = new Label();
        private final Label message = new Label();
        private final Label time = new Label();
        private final ProgressBar bar = new ProgressBar();
        private final Button cancel;
        private final Button show;
        private final Button details;
        private final HBox box;
        private final ActivityViewModel vm;
        private final I18n i18n;
        private final Formats formats;
        private final Predicate<Object> canOpen;
        private ActivityItem bound;
        private final javafx.beans.InvalidationListener refresh = o -> update();

        ItemCell(ActivityViewModel vm, I18n i18n, Formats formats, DialogService dialogs, Predicate<Object> canOpen,
                 java.util.function.Consumer<Object> open) {
            this.vm = vm;
            this.i18n = i18n;
            this.formats = formats;
            this.canOpen = canOpen;
            title.getStyleClass().addAll(Styles.TEXT_BOLD, "activity-title");
            message.getStyleClass().addAll(Styles.TEXT_SMALL, "activity-message");
            message.setWrapText(true);
            time.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            bar.setPrefWidth(180);
            bar.managedProperty().bind(bar.visibleProperty());
            cancel = small(i18n.tr("common.cancel"), () -> vm.cancel(bound));
            show = small(i18n.tr("activity.show"), () -> open.accept(bound.subject()));
            details = small(i18n.tr("common.details"), () -> {
                if (bound.errorProperty().get() != null) {
                    dialogs.showError(bound.title(), bound.errorProperty().get().message(), new DetailsOnly(
                            bound.errorProperty().get().details()));
                }
            });
            VBox text = new VBox(2, title, message);
            HBox.setHgrow(text, Priority.ALWAYS);
            text.setMaxWidth(Double.MAX_VALUE);
            box = new HBox(12, icon, text, new Spacer(), bar, time, show, details, cancel);
            box.setAlignment(Pos.CENTER_LEFT);
            box.setPadding(new Insets(6, 8, 6, 4));
            getStyleClass().add("activity-cell");
        }

        private static Button small(String text, Runnable r) {
            Button b = new Button(text);
            b.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
            b.managedProperty().bind(b.visibleProperty());
            b.setOnAction(e -> r.run());
            return b;
        }

        @Override
        protected void updateItem(ActivityItem item, boolean empty) {
            super.updateItem(item, empty);
            if (bound != null) {
                bound.stateProperty().removeListener(refresh);
                bound.messageProperty().removeListener(refresh);
                bar.progressProperty().unbind();
                bound = null;
            }
            if (empty || item == null) {
                setGraphic(null);
                return;
            }
            bound = item;
            item.stateProperty().addListener(refresh);
            item.messageProperty().addListener(refresh);
            bar.progressProperty().bind(item.progressProperty());
            update();
            setGraphic(box);
        }

        private void update() {
            ActivityItem item = bound;
            if (item == null) {
                return;
            }
            title.setText(item.title());
            message.setText(item.messageProperty().get());
            boolean running = item.isRunning();
            bar.setVisible(running);
            cancel.setVisible(running);
            show.setVisible(item.subject() != null && canOpen.test(item.subject()));
            details.setVisible(item.state() == ActivityItem.State.FAILED);
            icon.getStyleClass().removeAll("activity-running", "activity-done", "activity-failed", "activity-cancelled");
            Instant end = item.finishedAtProperty().get();
            switch (item.state()) {
                case RUNNING:
                    icon.setIconCode(Feather.LOADER);
                    icon.getStyleClass().add("activity-running");
                    time.setText(i18n.tr("activity.started", formats.ago(item.startedAt(), Instant.now())));
                    break;
                case SUCCEEDED:
                    icon.setIconCode(Feather.CHECK_CIRCLE);
                    icon.getStyleClass().add("activity-done");
                    time.setText(formats.duration(Duration.between(item.startedAt(), end)));
                    break;
                case FAILED:
                    icon.setIconCode(Feather.ALERT_CIRCLE);
                    icon.getStyleClass().add("activity-failed");
                    time.setText(formats.duration(Duration.between(item.startedAt(), end)));
                    break;
                default:
                    icon.setIconCode(Feather.SLASH);
                    icon.getStyleClass().add("activity-cancelled");
                    time.setText(formats.duration(Duration.between(item.startedAt(), end)));
            }
        }
    }

    /** Carries an error's recorded stack trace into the error dialog's details section. */
    private static final class DetailsOnly extends Throwable {
        private final String trace;

        DetailsOnly(String trace) {
            super(null, null, false, false);
            this.trace = trace;
        }

        @Override
        public void printStackTrace(java.io.PrintWriter s) {
            s.print(trace);
        }
    }
}
