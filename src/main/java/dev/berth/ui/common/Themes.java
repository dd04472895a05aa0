package dev.berth.ui.common;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import javafx.application.Application;
import javafx.css.PseudoClass;
import javafx.scene.Scene;

/**
 * Light and dark: AtlantaFX's Primer themes as the user-agent stylesheet (all windows at once)
 * plus Berth's own stylesheet on every scene, which uses only the theme's {@code -color-*}
 * variables; a {@code :dark} pseudo-class on each root for the few rules that differ.
 */
public final class Themes {

    public static final String APP_CSS = "/dev/berth/css/berth.css";
    private static final PseudoClass DARK = PseudoClass.getPseudoClass("dark");

    private final Map<Scene, Boolean> scenes = Collections.synchronizedMap(new WeakHashMap<>());
    private boolean dark;

    /**
     * Makes the theme the user-agent stylesheet. Called before the first control is made: the first
     * control otherwise loads JavaFX's own Modena theme (Control's static initializer does, when no
     * stylesheet is set yet), only for it to be replaced.
     */
    public void apply(boolean darkTheme) {
        this.dark = darkTheme;
        // the theme's precompiled (binary) form: the same rules without parsing 170 KB of CSS at start
        String sheet = darkTheme ? new PrimerDark().getUserAgentStylesheetBSS()
                : new PrimerLight().getUserAgentStylesheetBSS();
        if (!sheet.equals(Application.getUserAgentStylesheet())) {
            Application.setUserAgentStylesheet(sheet);
        }
        synchronized (scenes) {
            for (Scene s : scenes.keySet()) {
                if (s.getRoot() != null) {
                    s.getRoot().pseudoClassStateChanged(DARK, darkTheme);
                }
            }
        }
    }

    public boolean isDark() {
        return dark;
    }

    /** Adds Berth's stylesheet to a scene and keeps its root's {@code :dark} state in step. */
    public void style(Scene scene) {
        String css = Themes.class.getResource(APP_CSS).toExternalForm();
        if (!scene.getStylesheets().contains(css)) {
            scene.getStylesheets().add(css);
        }
        scenes.put(scene, Boolean.TRUE);
        if (scene.getRoot() != null) {
            scene.getRoot().pseudoClassStateChanged(DARK, dark);
        }
        scene.rootProperty().addListener((o, a, b) -> {
            if (b != null) {
                b.pseudoClassStateChanged(DARK, dark);
            }
        });
    }

    /** Same for a dialog pane (Alerts make their own scene). */
    public void style(javafx.scene.control.DialogPane pane) {
        String css = Themes.class.getResource(APP_CSS).toExternalForm();
        if (!pane.getStylesheets().contains(css)) {
            pane.getStylesheets().add(css);
        }
        pane.pseudoClassStateChanged(DARK, dark);
    }
}
