package dev.berth.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads the desktop's colour-scheme preference where it can: GNOME's
 * {@code org.gnome.desktop.interface color-scheme} through {@code gsettings} (run directly, never
 * through a shell, with a short timeout, off the UI thread), else a {@code GTK_THEME} ending in
 * {@code :dark}. Empty when nothing readable says so (the console then starts light).
 */
public final class DesktopTheme {

    private static final System.Logger LOG = System.getLogger(DesktopTheme.class.getName());

    private DesktopTheme() {
    }

    /** Starts the probe on a daemon thread; the future completes within about two seconds. */
    public static CompletableFuture<Optional<Boolean>> probeAsync(Map<String, String> env) {
        CompletableFuture<Optional<Boolean>> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(probe(env));
            } catch (RuntimeException e) {
                f.complete(Optional.empty());
            }
        }, "berth-theme-probe");
        t.setDaemon(true);
        t.start();
        return f;
    }

    /** Blocking: true = dark, false = light. */
    public static Optional<Boolean> probe(Map<String, String> env) {
        Optional<Boolean> gnome = gsettings();
        if (gnome.isPresent()) {
            return gnome;
        }
        String gtk = env.get("GTK_THEME");
        if (gtk != null && !gtk.isBlank()) {
            return Optional.of(gtk.toLowerCase(java.util.Locale.ROOT).endsWith(":dark")
                    || gtk.toLowerCase(java.util.Locale.ROOT).endsWith("-dark"));
        }
        return Optional.empty();
    }

    static Optional<Boolean> gsettings() {
        Process p;
        try {
            p = new ProcessBuilder("gsettings", "get", "org.gnome.desktop.interface", "color-scheme")
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            return Optional.empty();
        }
        try (InputStream in = p.getInputStream()) {
            p.getOutputStream().close();
            if (!p.waitFor(1500, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 ? parse(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return Optional.empty();
        }
    }

    /** {@code 'prefer-dark'} → dark; {@code 'prefer-light'} or {@code 'default'} → light. */
    static Optional<Boolean> parse(String gsettingsOutput) {
        String v = gsettingsOutput.replace("'", "").trim();
        switch (v) {
            case "prefer-dark":
                return Optional.of(true);
            case "prefer-light":
            case "default":
                return Optional.of(false);
            default:
                LOG.log(System.Logger.Level.DEBUG, "unknown color-scheme " + v);
                return Optional.empty();
        }
    }
}
