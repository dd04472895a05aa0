package dev.berth.app.settings;

import java.util.function.UnaryOperator;

/**
 * The settings of one running console: what was loaded (and what went wrong loading it), the
 * current values, and where changes go. Changes are made on the UI thread and written by the
 * {@link SettingsSaver} on its own thread; without a saver (tests, screenshots) nothing is written.
 */
public final class ConsoleSettings {

    private final SettingsStore.Loaded loaded;
    private final SettingsSaver saver;
    private volatile Settings current;

    public ConsoleSettings(SettingsStore.Loaded loaded, Settings current, SettingsSaver saver) {
        this.loaded = loaded;
        this.current = current;
        this.saver = saver;
    }

    /** Settings that live only as long as the console (nothing read, nothing written). */
    public static ConsoleSettings inMemory(Settings s) {
        return new ConsoleSettings(new SettingsStore.Loaded(s, SettingsStore.Problem.NONE, null, null), s, null);
    }

    public Settings get() {
        return current;
    }

    /** The file the settings are written to, or null when they live in memory only. */
    public java.nio.file.Path file() {
        return saver == null ? null : saver.file();
    }

    /** What loading said (problem, where the old file went). */
    public SettingsStore.Loaded loaded() {
        return loaded;
    }

    /** Changes the settings and queues a write. UI thread. */
    public void update(UnaryOperator<Settings> change) {
        Settings next = change.apply(current);
        if (next.equals(current)) {
            return;
        }
        current = next;
        if (saver != null) {
            saver.save(next);
        }
    }
}
