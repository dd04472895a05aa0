package dev.berth.ui.images;

import atlantafx.base.theme.Styles;
import dev.berth.model.PullProgress;
import dev.berth.ui.common.Formats;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** An overall bar, a summary line and one bar per layer, bound to a {@link PullProgressModel}. */
public final class PullProgressView extends VBox {

    private final ProgressBar overall = new ProgressBar();

    public PullProgressView(PullProgressModel model) {
        super(8);
        getStyleClass().add("pull-progress");
        overall.setId("pull-overall");
        overall.setMaxWidth(Double.MAX_VALUE);
        overall.progressProperty().bind(model.overallProperty());
        overall.getStyleClass().add(Styles.LARGE);
        Label summary = new Label();
        summary.setId("pull-summary");
        summary.textProperty().bind(model.summaryProperty());
        summary.getStyleClass().add("pull-summary");
        ListView<LayerItem> layers = new ListView<>(model.layers());
        layers.setId("pull-layers");
        layers.getStyleClass().addAll(Styles.DENSE, "pull-layers");
        layers.setCellFactory(l -> new LayerCell());
        layers.setFocusTraversable(false);
        layers.setFixedCellSize(34);
        layers.setPrefHeight(34 * 6 + 4);
        VBox.setVgrow(layers, Priority.ALWAYS);
        model.phaseProperty().addListener((o, a, b) -> {
            overall.pseudoClassStateChanged(Styles.STATE_SUCCESS, b == PullProgress.Phase.DONE);
            overall.pseudoClassStateChanged(Styles.STATE_DANGER, b == PullProgress.Phase.FAILED);
        });
        getChildren().addAll(summary, overall, layers);
    }

    /** digest · bar · state text; rebinds as cells are reused. */
    static final class LayerCell extends ListCell<LayerItem> {
        private final Label digest = new Label();
        private final ProgressBar bar = new ProgressBar();
        private final Label text = new Label();
        private final HBox box = new HBox(10, digest, bar, text);
        private LayerItem bound;

        LayerCell() {
            digest.getStyleClass().addAll("monospace", "layer-digest");
            digest.setMinWidth(120);
            digest.setPrefWidth(120);
            bar.setMaxWidth(Double.MAX_VALUE);
            bar.getStyleClass().add("layer-bar");
            HBox.setHgrow(bar, Priority.ALWAYS);
            text.getStyleClass().addAll(Styles.TEXT_SMALL, "layer-text");
            text.setMinWidth(310);
            text.setPrefWidth(310);
            box.setAlignment(Pos.CENTER_LEFT);
            getStyleClass().add("layer-cell");
        }

        @Override
        protected void updateItem(LayerItem item, boolean empty) {
            super.updateItem(item, empty);
            if (bound != null) {
                bar.progressProperty().unbind();
                text.textProperty().unbind();
                bound.stateProperty().removeListener(stateListener);
                bound = null;
            }
            if (empty || item == null) {
                setGraphic(null);
                setId(null);
                return;
            }
            bound = item;
            setId("layer-" + Formats.shortDigest(item.digest()).replace("sha256:", ""));
            digest.setText(Formats.shortDigest(item.digest()));
            bar.progressProperty().bind(item.fractionProperty());
            text.textProperty().bind(item.textProperty());
            item.stateProperty().addListener(stateListener);
            styleFor(item.state());
            setGraphic(box);
        }

        private final javafx.beans.value.ChangeListener<PullProgress.LayerState> stateListener =
                (o, a, b) -> styleFor(b);

        private void styleFor(PullProgress.LayerState s) {
            boolean done = s == PullProgress.LayerState.DONE || s == PullProgress.LayerState.ALREADY_PRESENT;
            bar.pseudoClassStateChanged(Styles.STATE_SUCCESS, done);
            bar.pseudoClassStateChanged(Styles.STATE_DANGER, s == PullProgress.LayerState.FAILED);
        }
    }
}
