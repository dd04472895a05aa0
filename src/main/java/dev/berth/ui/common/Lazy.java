package dev.berth.ui.common;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value made the first time it is asked for, then kept: the console's pages are built when they
 * are first shown, not all at start-up. Not thread-safe: UI thread only.
 */
public final class Lazy<T> implements Supplier<T> {

    private Supplier<? extends T> make;
    private T value;

    private Lazy(Supplier<? extends T> make) {
        this.make = make;
    }

    public static <T> Lazy<T> of(Supplier<? extends T> make) {
        return new Lazy<>(Objects.requireNonNull(make));
    }

    @Override
    public T get() {
        if (make != null) {
            T v = Objects.requireNonNull(make.get(), "made nothing");
            make = null;
            value = v;
        }
        return value;
    }
}
