package dev.berth.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Prints lists as aligned tables or as JSON. */
public final class Output {

    public enum Format { table, json }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new SimpleModule().addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
                @Override
                public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                    gen.writeString(value.toString());
                }
            }));

    private final PrintWriter out;
    private final Format format;

    public Output(PrintWriter out, Format format) {
        this.out = out;
        this.format = format;
    }

    public Format format() {
        return format;
    }

    public PrintWriter writer() {
        return out;
    }

    /** A column: its header and how to read it from a row. */
    public record Column<T>(String header, Function<T, Object> value) {
    }

    @SafeVarargs
    public final <T> void list(List<T> rows, Column<T>... columns) {
        if (format == Format.json) {
            json(rows);
            return;
        }
        List<String[]> cells = new ArrayList<>();
        String[] head = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
            head[i] = columns[i].header();
        }
        cells.add(head);
        for (T row : rows) {
            String[] line = new String[columns.length];
            for (int i = 0; i < columns.length; i++) {
                Object v = columns[i].value().apply(row);
                line[i] = v == null ? "-" : oneLine(v.toString());
            }
            cells.add(line);
        }
        int[] width = new int[columns.length];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                width[i] = Math.max(width[i], line[i].length());
            }
        }
        for (String[] line : cells) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                sb.append(line[i]);
                if (i < line.length - 1) {
                    sb.append(" ".repeat(width[i] - line[i].length() + 3));
                }
            }
            out.println(sb.toString().stripTrailing());
        }
        out.flush();
    }

    public void json(Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    /** A single message in table mode, or the object in JSON mode. */
    public void result(String text, Object value) {
        if (format == Format.json) {
            json(value);
        } else {
            out.println(text);
            out.flush();
        }
    }

    private static String oneLine(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        return sb.toString();
    }

    public static String size(long bytes) {
        if (bytes < 0) {
            return "-";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
