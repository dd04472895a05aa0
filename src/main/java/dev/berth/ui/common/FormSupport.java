package dev.berth.ui.common;

import atlantafx.base.theme.Styles;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import org.controlsfx.validation.ValidationResult;
import org.controlsfx.validation.ValidationSupport;
import org.controlsfx.validation.decoration.StyleClassValidationDecoration;

/**
 * Inline validation for forms: the view model computes each field's error text; this decorates the
 * field (ControlsFX {@link ValidationSupport}) and shows the text under it once the user has touched
 * the field.
 */
public final class FormSupport {

    private final ValidationSupport validation = new ValidationSupport();

    public FormSupport() {
        validation.setValidationDecorator(new StyleClassValidationDecoration("field-error", "field-warning"));
    }

    public ValidationSupport validation() {
        return validation;
    }

    /** Decorates {@code field} from {@code error}; returns the label that shows the text. */
    public Label bind(Control field, ObservableStringValue error) {
        Label message = new Label();
        message.getStyleClass().addAll(Styles.TEXT_SMALL, "field-message");
        message.setWrapText(true);
        message.managedProperty().bind(message.visibleProperty());
        boolean[] touched = {false};
        Runnable update = () -> {
            String e = error.get();
            message.setText(e == null ? "" : e);
            message.setVisible(e != null && touched[0]);
            field.pseudoClassStateChanged(Styles.STATE_DANGER, e != null && touched[0]);
        };
        field.focusedProperty().addListener((o, a, b) -> {
            if (!b) {
                touched[0] = true;
                update.run();
            }
        });
        error.addListener((o, a, b) -> {
            touched[0] = true;
            update.run();
        });
        validation.registerValidator(field, false, (Control c, Object v) ->
                ValidationResult.fromErrorIf(c, error.get() == null ? "" : error.get(), error.get() != null));
        update.run();
        return message;
    }

    /** Shows every message (on submit). */
    public void revealAll() {
        validation.revalidate();
    }
}
