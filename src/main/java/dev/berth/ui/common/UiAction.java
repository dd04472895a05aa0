package dev.berth.ui.common;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.control.Button;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCombination;
import org.kordamp.ikonli.Ikon;

/** One operation of a screen, shown as a toolbar button and a context-menu item. */
public final class UiAction {

    private final String text;
    private final Ikon icon;
    private final Runnable handler;
    private ObservableBooleanValue enabled = Bindings.createBooleanBinding(() -> true);
    private KeyCombination accelerator;
    private String id;
    private boolean danger;
    private boolean primary;
    private boolean inToolbar = true;

    public UiAction(String text, Ikon icon, Runnable handler) {
        this.text = text;
        this.icon = icon;
        this.handler = handler;
    }

    public UiAction enabledWhen(ObservableBooleanValue condition) {
        this.enabled = condition;
        return this;
    }

    /** Shown in the tooltip and the menu; the screen's key handler does the work. */
    public UiAction accelerator(KeyCombination k) {
        this.accelerator = k;
        return this;
    }

    public UiAction id(String id) {
        this.id = id;
        return this;
    }

    public UiAction danger() {
        this.danger = true;
        return this;
    }

    public UiAction primary() {
        this.primary = true;
        return this;
    }

    public UiAction menuOnly() {
        this.inToolbar = false;
        return this;
    }

    public boolean inToolbar() {
        return inToolbar;
    }

    public void run() {
        if (enabled.get()) {
            handler.run();
        }
    }

    public Button button() {
        Button b = new Button(text, Icons.of(icon));
        if (id != null) {
            b.setId(id);
        }
        b.disableProperty().bind(Bindings.not(enabled));
        b.setOnAction(e -> run());
        b.setFocusTraversable(false);
        if (danger) {
            b.getStyleClass().add("danger-action");
        }
        if (primary) {
            b.getStyleClass().add("accent");
        }
        Tips.set(b, accelerator == null ? text : text + "  (" + accelerator.getDisplayText() + ")");
        return b;
    }

    public MenuItem menuItem() {
        MenuItem m = new MenuItem(text, Icons.of(icon));
        if (id != null) {
            m.setId(id + "-menu");
        }
        m.disableProperty().bind(Bindings.not(enabled));
        m.setOnAction(e -> run());
        if (accelerator != null) {
            m.setAccelerator(accelerator);
        }
        if (danger) {
            m.getStyleClass().add("danger-action");
        }
        return m;
    }
}
