package dev.berth.app.settings;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes the settings off the UI thread, one write at a time and in order, on one daemon thread
 * of its own (the task pool's several threads could finish two saves in the wrong order): the
 * newest settings win, intermediate ones are skipped. {@link #flush} lets the launcher wait for
 * the last write after the window has closed.
 */
public final class SettingsSaver {

    private static final System.Logger LOG = System.getLogger(SettingsSaver.class.getName());

    private final SettingsStore store;
    private final AtomicReference<Settings> pending = new AtomicReference<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "berth-settings");
        t.setDaemon(true);
        return t;
    });
    private volatile Future<?> last;

    public SettingsSaver(SettingsStore store) {
        this.store = store;
    }

    /** The file it writes. */
    public java.nio.file.Path file() {
        return store.file();
    }

    /** Queues a write of {@code s} (returns at once). */
    public void save(Settings s) {
        if (pending.getAndSet(s) == null) {
            last = thread.submit(this::writePending);
        }
    }

    private void writePending() {
        Settings s = pending.getAndSet(null);
        if (s == null) {
            return;
        }
        try {
            store.save(s);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot write the settings to " + store.file() + ": " + e);
        }
    }

    /** Waits (at most {@code max}) until the queued write is done. Not on the UI thread. */
    public void flush(Duration max) {
        Future<?> f = last;
        if (f == null) {
            return;
        }
        try {
            f.get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "the last settings write did not finish: " + e);
        }
    }
}
