package dev.berth.ui.common;

/** Something scheduled that can be called off. */
@FunctionalInterface
public interface Cancellable {
    void cancel();
}
