package dev.berth.ui.common;

import javafx.beans.value.ObservableValue;
import javafx.event.EventHandler;
import javafx.scene.control.Control;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;

/**
 * Tooltips made when the pointer first comes over their control. A tooltip is a popup window of its
 * own; the main window has some thirty (sidebar, toolbars), and making them all with the window was
 * a tenth of the time it took to build. Shown as usual: the tooltip's timer starts with the
 * pointer's next move over the control.
 */
public final class Tips {

    private Tips() {
    }

    /** A tooltip with this text. */
    public static void set(Control control, String text) {
        whenFirstHovered(control, () -> new Tooltip(text));
    }

    /** A tooltip following {@code text}. */
    public static void bind(Control control, ObservableValue<String> text) {
        whenFirstHovered(control, () -> {
            Tooltip t = new Tooltip();
            t.textProperty().bind(text);
            return t;
        });
    }

    private static void whenFirstHovered(Control control, java.util.function.Supplier<Tooltip> make) {
        control.addEventHandler(MouseEvent.MOUSE_ENTERED, new EventHandler<>() {
            @Override
            public void handle(MouseEvent e) {
                control.removeEventHandler(MouseEvent.MOUSE_ENTERED, this);
                if (control.getTooltip() == null) {
                    control.setTooltip(make.get());
                }
            }
        });
    }
}
