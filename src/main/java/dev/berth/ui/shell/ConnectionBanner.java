package dev.berth.ui.shell;

import atlantafx.base.theme.Styles;
import dev.berth.ui.common.I18n;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The strip across the top while Berth is not connected: what is wrong, what to do, retry. */
final class ConnectionBanner extends HBox {

    ConnectionBanner(ConnectionViewModel vm, I18n i18n) {
        super(14);
        setId("connection-banner");
        getStyleClass().add("connection-banner");
        setPadding(new Insets(12, 16, 12, 16));
        setAlignment(Pos.CENTER_LEFT);
        FontIcon icon = new FontIcon(Feather.WIFI_OFF);
        icon.getStyleClass().add("banner-icon");
        Label title = new Label();
        title.setId("banner-title");
        title.textProperty().bind(vm.bannerTitleProperty());
        title.getStyleClass().addAll(Styles.TEXT_BOLD, "banner-title");
        title.setWrapText(true);
        Label hint = new Label();
        hint.setId("banner-hint");
        hint.textProperty().bind(vm.bannerHintProperty());
        hint.setWrapText(true);
        hint.getStyleClass().add("banner-hint");
        Label detail = new Label();
        detail.textProperty().bind(vm.bannerDetailProperty());
        detail.getStyleClass().addAll(Styles.TEXT_SMALL, "banner-detail");
        detail.setWrapText(true);
        VBox text = new VBox(3, title, hint, detail);
        HBox.setHgrow(text, Priority.ALWAYS);
        Label retry = new Label();
        retry.setId("banner-retry");
        retry.textProperty().bind(vm.retryTextProperty());
        retry.getStyleClass().addAll(Styles.TEXT_SMALL, "banner-retry");
        retry.setMinWidth(USE_PREF_SIZE);
        Button now = new Button(i18n.tr("connection.retryNow"), new FontIcon(Feather.REFRESH_CW));
        now.setId("banner-retry-now");
        now.setMinWidth(USE_PREF_SIZE);
        now.setOnAction(e -> vm.retryNow());
        getChildren().addAll(icon, text, retry, now);
        managedProperty().bind(visibleProperty());
        visibleProperty().bind(vm.bannerVisibleProperty());
        vm.problemProperty().addListener((o, a, b) -> icon.setIconCode(
                b == ConnectionViewModel.Problem.PERMISSION_DENIED ? Feather.LOCK : Feather.WIFI_OFF));
    }
}
