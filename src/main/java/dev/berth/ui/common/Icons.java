package dev.berth.ui.common;

import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;

/** Font icons (Feather) for buttons, menus and the sidebar. */
public final class Icons {

    private Icons() {
    }

    public static FontIcon of(Ikon icon) {
        FontIcon f = new FontIcon(icon);
        f.getStyleClass().add("icon");
        return f;
    }
}
