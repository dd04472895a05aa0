package dev.berth.ui.common;

import java.util.function.Function;
import javafx.scene.control.TableCell;
import javafx.scene.layout.Region;

/**
 * A table cell that shows text from the row and, for status columns, a dot whose colour comes from a
 * pseudo-class named by the row (switching a pseudo-class does not re-match the stylesheet, a style
 * class would). Nothing is allocated per update.
 *
 * @param <R> the row type
 */
public final class TextCell<R> extends TableCell<R, R> {
    private final Function<R, String> text;
    private final Function<R, String> style;
    private String applied;
    private Region dot;

    public TextCell(Function<R, String> text, Function<R, String> style) {
        this.text = text;
        this.style = style;
        if (style != null) {
            getStyleClass().add("status-cell");
            dot = new Region();
            dot.getStyleClass().add("status-dot");
            dot.setVisible(false);
            setGraphic(dot);
            setContentDisplay(javafx.scene.control.ContentDisplay.LEFT);
        }
    }

    @Override
    protected void updateItem(R item, boolean emptyCell) {
        super.updateItem(item, emptyCell);
        if (applied != null) {
            pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass(applied), false);
            applied = null;
        }
        if (emptyCell || item == null) {
            setText("");
            if (dot != null) {
                dot.setVisible(false);
            }
            return;
        }
        setText(text.apply(item));
        if (style != null) {
            // a pseudo-class, not a style class: switching it does not re-match the stylesheet
            applied = style.apply(item);
            if (applied != null) {
                pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass(applied), true);
            }
            dot.setVisible(applied != null);
        }
    }
}
