package dev.berth.ui.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a details pane shows for one object: a title, a subtitle and sections of name/value fields
 * or plain lines. Built by view models (off the UI thread when it needs the service), drawn by
 * {@code DetailsPane}.
 */
public record Details(String title, String subtitle, List<Section> sections) {

    public Details {
        sections = List.copyOf(sections);
    }

    public record Field(String name, String value) {
    }

    /** A titled block: fields, or lines (monospaced, e.g. mounts or a snapshot chain), or both. */
    public record Section(String title, List<Field> fields, List<String> lines, String emptyText) {
        public Section {
            fields = List.copyOf(fields);
            lines = List.copyOf(lines);
        }
    }

    public Section section(String title) {
        return sections.stream().filter(s -> s.title().equals(title)).findFirst().orElse(null);
    }

    /** The value of field {@code name} in any section, or null. */
    public String value(String name) {
        for (Section s : sections) {
            for (Field f : s.fields()) {
                if (f.name().equals(name)) {
                    return f.value();
                }
            }
        }
        return null;
    }

    public static Builder builder(String title, String subtitle) {
        return new Builder(title, subtitle);
    }

    public static final class Builder {
        private final String title;
        private final String subtitle;
        private final List<Section> sections = new ArrayList<>();
        private String sectionTitle;
        private List<Field> fields;
        private List<String> lines;
        private String emptyText;

        Builder(String title, String subtitle) {
            this.title = title;
            this.subtitle = subtitle;
        }

        public Builder section(String title) {
            close();
            sectionTitle = title;
            fields = new ArrayList<>();
            lines = new ArrayList<>();
            emptyText = null;
            return this;
        }

        /** Adds a field unless the value is null or blank. */
        public Builder field(String name, String value) {
            if (value != null && !value.isBlank()) {
                fields.add(new Field(name, value));
            }
            return this;
        }

        public Builder line(String line) {
            lines.add(line);
            return this;
        }

        public Builder lines(List<String> more) {
            lines.addAll(more);
            return this;
        }

        /** Shown when the section has no fields and no lines. */
        public Builder empty(String text) {
            emptyText = text;
            return this;
        }

        /** Labels as fields, sorted by key. */
        public Builder labels(Map<String, String> labels) {
            new TreeMap<>(labels).forEach((k, v) -> fields.add(new Field(k, v)));
            return this;
        }

        private void close() {
            if (sectionTitle != null) {
                sections.add(new Section(sectionTitle, fields, lines, emptyText));
                sectionTitle = null;
            }
        }

        public Details build() {
            close();
            return new Details(title, subtitle, sections);
        }
    }
}
