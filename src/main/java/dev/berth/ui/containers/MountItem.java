package dev.berth.ui.containers;

import dev.berth.model.MountSpec;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One editable row of the mounts editor: a bind mount of a host path, or a tmpfs. */
public final class MountItem {

    public static final List<String> TYPES = List.of("bind", "tmpfs");

    private final StringProperty type = new SimpleStringProperty(this, "type", "bind");
    private final StringProperty source = new SimpleStringProperty(this, "source", "");
    private final StringProperty destination = new SimpleStringProperty(this, "destination", "");
    private final BooleanProperty readOnly = new SimpleBooleanProperty(this, "readOnly");

    public MountItem(String type, String source, String destination, boolean readOnly) {
        this.type.set(type);
        this.source.set(source);
        this.destination.set(destination);
        this.readOnly.set(readOnly);
    }

    public StringProperty typeProperty() {
        return type;
    }

    public StringProperty sourceProperty() {
        return source;
    }

    public StringProperty destinationProperty() {
        return destination;
    }

    public BooleanProperty readOnlyProperty() {
        return readOnly;
    }

    public boolean isBlank() {
        return trim(source.get()).isEmpty() && trim(destination.get()).isEmpty();
    }

    MountSpec toSpec() {
        String dst = trim(destination.get());
        if ("tmpfs".equals(type.get())) {
            return new MountSpec("tmpfs", "tmpfs", dst, List.of("nosuid", "nodev", readOnly.get() ? "ro" : "rw"));
        }
        return MountSpec.bind(trim(source.get()), dst, readOnly.get());
    }

    static String trim(String s) {
        return s == null ? "" : s.trim();
    }
}
