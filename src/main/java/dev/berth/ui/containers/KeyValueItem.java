package dev.berth.ui.containers;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One editable row of the env or labels editor. */
public final class KeyValueItem {

    private final StringProperty key = new SimpleStringProperty(this, "key", "");
    private final StringProperty value = new SimpleStringProperty(this, "value", "");

    public KeyValueItem(String key, String value) {
        this.key.set(key);
        this.value.set(value);
    }

    public StringProperty keyProperty() {
        return key;
    }

    public StringProperty valueProperty() {
        return value;
    }

    public String key() {
        return key.get() == null ? "" : key.get().trim();
    }

    public String value() {
        return value.get() == null ? "" : value.get();
    }

    public boolean isBlank() {
        return key().isEmpty() && value().isEmpty();
    }
}
