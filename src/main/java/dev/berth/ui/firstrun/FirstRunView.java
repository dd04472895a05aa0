package dev.berth.ui.firstrun;

import atlantafx.base.theme.Styles;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.Icons;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The first-run screen over the whole window: what is wrong, the steps with their commands, the private containerd. */
public final class FirstRunView extends StackPane {

    private final FirstRunViewModel vm;
    private final I18n i18n;
    private final VBox stepsBox = new VBox(14);

    public FirstRunView(FirstRunViewModel vm, I18n i18n) {
        this.vm = vm;
        this.i18n = i18n;
        setId("first-run");
        getStyleClass().add("first-run");

        FontIcon icon = new FontIcon(Feather.ANCHOR);
        icon.getStyleClass().add("first-run-icon");
        vm.kindProperty().addListener((o, a, b) -> icon.setIconCode(
                b == FirstRunViewModel.Kind.PERMISSION_DENIED ? Feather.LOCK : Feather.ANCHOR));
        Label title = new Label();
        title.setId("first-run-title");
        title.textProperty().bind(vm.titleProperty());
        title.getStyleClass().add(Styles.TITLE_2);
        title.setWrapText(true);
        Label explanation = new Label();
        explanation.setId("first-run-explanation");
        explanation.textProperty().bind(vm.explanationProperty());
        explanation.setWrapText(true);
        HBox head = new HBox(16, icon, new VBox(6, title, explanation));
        head.setAlignment(Pos.CENTER_LEFT);

        vm.stepsProperty().addListener((o, a, b) -> showSteps(b));
        showSteps(vm.stepsProperty().get());

        VBox privateBox = privateBox();

        Button retry = new Button(i18n.tr("firstRun.retry"), Icons.of(Feather.REFRESH_CW));
        retry.setId("first-run-retry");
        retry.getStyleClass().add(Styles.ACCENT);
        retry.setDefaultButton(true);
        retry.setOnAction(e -> vm.retry());
        Button dismiss = new Button(i18n.tr("firstRun.dismiss"));
        dismiss.setId("first-run-dismiss");
        dismiss.setOnAction(e -> vm.dismiss());
        HBox buttons = new HBox(10, retry, dismiss);

        VBox content = new VBox(22, head, stepsBox, privateBox, buttons);
        content.setPadding(new Insets(36, 44, 36, 44));
        content.setMaxWidth(820);
        content.getStyleClass().add("first-run-content");
        VBox centred = new VBox(content);
        centred.setAlignment(Pos.TOP_CENTER);
        ScrollPane scroll = new ScrollPane(centred);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add(atlantafx.base.theme.Tweaks.EDGE_TO_EDGE);
        getChildren().add(scroll);
        visibleProperty().bind(vm.visibleProperty());
        managedProperty().bind(visibleProperty());
    }

    private void showSteps(List<FirstRunViewModel.Step> steps) {
        stepsBox.getChildren().clear();
        int n = 1;
        for (FirstRunViewModel.Step s : steps) {
            Label number = new Label(Integer.toString(n++));
            number.getStyleClass().add("first-run-number");
            number.setMinWidth(Region.USE_PREF_SIZE);
            Label text = new Label(s.text());
            text.setWrapText(true);
            VBox body = new VBox(6, text);
            if (!s.commands().isEmpty()) {
                body.getChildren().add(commands(s.commands()));
            }
            HBox.setHgrow(body, Priority.ALWAYS);
            HBox row = new HBox(12, number, body);
            row.getStyleClass().add("first-run-step");
            stepsBox.getChildren().add(row);
        }
    }

    /** The commands in a selectable monospace box with a copy button. */
    private HBox commands(List<String> lines) {
        String all = String.join("\n", lines);
        TextArea area = new TextArea(all);
        area.setEditable(false);
        area.setPrefRowCount(lines.size());
        area.setWrapText(false);
        area.getStyleClass().addAll("monospace", "first-run-commands");
        area.setMinHeight(Region.USE_PREF_SIZE);
        HBox.setHgrow(area, Priority.ALWAYS);
        Button copy = new Button(null, Icons.of(Feather.COPY));
        copy.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        dev.berth.ui.common.Tips.set(copy, i18n.tr("firstRun.copy"));
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(all);
            Clipboard.getSystemClipboard().setContent(c);
        });
        HBox box = new HBox(6, area, copy);
        box.setAlignment(Pos.TOP_LEFT);
        return box;
    }

    private VBox privateBox() {
        Label caption = new Label(i18n.tr("firstRun.private.title"));
        caption.getStyleClass().add(Styles.TEXT_BOLD);
        Label description = new Label(vm.privateDescription());
        description.setId("first-run-private-description");
        description.setWrapText(true);
        CheckBox wanted = new CheckBox(i18n.tr("firstRun.private.tick"));
        wanted.setId("first-run-private-tick");
        wanted.selectedProperty().bindBidirectional(vm.privateWantedProperty());
        Button start = new Button(i18n.tr("firstRun.private.start"), Icons.of(Feather.PLAY));
        start.setId("first-run-private-start");
        start.disableProperty().bind(vm.privateWantedProperty().not().or(vm.privateStartingProperty()));
        start.setOnAction(e -> vm.startPrivate());
        Label status = new Label();
        status.setId("first-run-private-status");
        status.textProperty().bind(vm.privateStatusProperty());
        status.setWrapText(true);
        status.getStyleClass().add(Styles.TEXT_SMALL);
        VBox box = new VBox(8, caption, description, wanted, new HBox(10, start, status));
        box.setId("first-run-private");
        box.getStyleClass().add("first-run-private");
        box.setPadding(new Insets(14));
        box.visibleProperty().bind(vm.privateOfferedProperty());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }
}
