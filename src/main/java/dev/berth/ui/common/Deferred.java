package dev.berth.ui.common;

import java.util.function.Supplier;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.layout.StackPane;

/**
 * A part of a window that shows only sometimes (the first-run screen, a list's load error), made
 * the first time it must show. Hidden nodes still get their CSS and skins when the window first
 * shows: the main window's hidden parts were a sixth of its first layout.
 */
public final class Deferred {

    private Deferred() {
    }

    /** A holder that shows while {@code needed} holds, with the node {@code make} makes the first time it does. */
    public static StackPane whenNeeded(ObservableValue<Boolean> needed, Supplier<? extends Node> make) {
        StackPane holder = new StackPane();
        holder.setPickOnBounds(false);
        holder.visibleProperty().bind(needed);
        holder.managedProperty().bind(needed);
        if (Boolean.TRUE.equals(needed.getValue())) {
            holder.getChildren().add(make.get());
        } else {
            needed.addListener(new ChangeListener<>() {
                @Override
                public void changed(ObservableValue<? extends Boolean> o, Boolean before, Boolean now) {
                    if (Boolean.TRUE.equals(now)) {
                        needed.removeListener(this);
                        holder.getChildren().add(make.get());
                    }
                }
            });
        }
        return holder;
    }
}
