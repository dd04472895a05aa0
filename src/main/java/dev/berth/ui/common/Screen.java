package dev.berth.ui.common;

import javafx.scene.layout.Region;

/** A page of the shell; the shell's keys (F5, Ctrl+F) reach the page that shows. */
public interface Screen {

    Region node();

    void refresh();

    void focusSearch();

    /** The page became visible. */
    default void shown() {
    }

    /** The page was replaced by another. */
    default void hidden() {
    }
}
