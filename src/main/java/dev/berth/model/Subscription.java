package dev.berth.model;

/** A handle on a running stream (events, log follow); closing it cancels the stream. Idempotent. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
