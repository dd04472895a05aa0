package dev.berth.ui.common;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How sizes, times and durations read in the console. Pure functions; safe on any thread. */
public final class Formats {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB"};

    private final I18n i18n;

    public Formats(I18n i18n) {
        this.i18n = i18n;
    }

    /** 1536 → "1.5 KB" (decimal units, as registries and docker show them); negative → "—". */
    public static String size(long bytes) {
        if (bytes < 0) {
            return "\u2014";
        }
        double v = bytes;
        int u = 0;
        while (v >= 1000 && u < UNITS.length - 1) {
            v /= 1000;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, UNITS[u]);
    }

    /** Bytes per second as "3.2 MB/s". */
    public static String speed(double bytesPerSecond) {
        return size((long) bytesPerSecond) + "/s";
    }

    public static String dateTime(Instant t) {
        return t == null || t.equals(Instant.EPOCH) ? "" : DATE_TIME.format(t);
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneId.systemDefault());

    /** For table columns: the time today, month-day and time this year, else the date. */
    public static String compactDateTime(Instant t, Instant now) {
        if (t == null || t.equals(Instant.EPOCH)) {
            return "";
        }
        var day = t.atZone(ZoneId.systemDefault()).toLocalDate();
        var today = now.atZone(ZoneId.systemDefault()).toLocalDate();
        if (day.equals(today)) {
            return TIME.format(t);
        }
        return day.getYear() == today.getYear() ? DAY_TIME.format(t) : DAY.format(t);
    }

    /** A short, shortened digest: {@code sha256:0123456789ab}. */
    public static String shortDigest(String digest) {
        if (digest == null) {
            return "";
        }
        int colon = digest.indexOf(':');
        String hex = colon >= 0 ? digest.substring(colon + 1) : digest;
        String algo = colon >= 0 ? digest.substring(0, colon + 1) : "";
        return algo + (hex.length() > 12 ? hex.substring(0, 12) : hex);
    }

    /** "just now", "5 minutes ago", "3 days ago". */
    public String ago(Instant t, Instant now) {
        if (t == null || t.equals(Instant.EPOCH)) {
            return "";
        }
        long s = Math.max(0, Duration.between(t, now).getSeconds());
        if (s < 45) {
            return i18n.tr("time.justNow");
        }
        if (s < 3600) {
            return i18n.tr("time.minutesAgo", Math.max(1, s / 60));
        }
        if (s < 86400) {
            return i18n.tr("time.hoursAgo", s / 3600);
        }
        return i18n.tr("time.daysAgo", s / 86400);
    }

    /** 75 s → "1 min 15 s". */
    public String duration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return i18n.tr("time.seconds", s);
        }
        if (s < 3600) {
            return i18n.tr("time.minutesSeconds", s / 60, s % 60);
        }
        return i18n.tr("time.hoursMinutes", s / 3600, (s % 3600) / 60);
    }
}
