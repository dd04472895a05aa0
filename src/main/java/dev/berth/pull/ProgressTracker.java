package dev.berth.pull;

import dev.berth.model.PullProgress;
import dev.berth.model.PullProgress.LayerState;
import dev.berth.model.PullProgress.Phase;
import dev.berth.oci.Descriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The per-layer bars of one pull. Threads update layers; a snapshot goes to the listener at most
 * every {@link #INTERVAL_NANOS} (plus every phase change and the end), never from inside the lock.
 */
final class ProgressTracker {

    static final long INTERVAL_NANOS = 100_000_000L;

    private final String reference;
    private final Consumer<PullProgress> listener;
    private final Object lock = new Object();
    private final Object emitLock = new Object();
    private List<Descriptor> layers = List.of();
    private long[] done = new long[0];
    private LayerState[] states = new LayerState[0];
    private Phase phase = Phase.RESOLVING;
    private String message = "";
    private long lastEmit;
    // speed over a sliding window of the downloaded bytes
    private long windowStart;
    private long windowBytes;
    private double speed;
    private long downloaded;

    ProgressTracker(String reference, Consumer<PullProgress> listener) {
        this.reference = reference;
        this.listener = listener == null ? p -> { } : listener;
    }

    void layers(List<Descriptor> list) {
        synchronized (lock) {
            layers = List.copyOf(list);
            done = new long[list.size()];
            states = new LayerState[list.size()];
            java.util.Arrays.fill(states, LayerState.WAITING);
        }
        emit(true);
    }

    void phase(Phase p, String text) {
        synchronized (lock) {
            phase = p;
            message = text == null ? "" : text;
        }
        emit(true);
    }

    /**
     * A layer's state. Entering a long step (downloading, verifying, unpacking) is always shown, so a
     * short step still reaches the UI once; other changes follow the interval.
     */
    void state(int layer, LayerState s) {
        boolean show;
        synchronized (lock) {
            show = states[layer] != s && (s == LayerState.DOWNLOADING || s == LayerState.VERIFYING || s == LayerState.UNPACKING);
            states[layer] = s;
            if (s == LayerState.DONE || s == LayerState.ALREADY_PRESENT || s == LayerState.DOWNLOADED
                    || s == LayerState.VERIFYING || s == LayerState.UNPACKING) {
                done[layer] = layers.get(layer).size();
            }
        }
        emit(show);
    }

    /** Sets a layer's byte count (e.g. the resume offset) without counting it as downloaded now. */
    void offset(int layer, long bytes) {
        synchronized (lock) {
            done[layer] = bytes;
        }
        emit(false);
    }

    void advance(int layer, long bytes) {
        synchronized (lock) {
            done[layer] += bytes;
            downloaded += bytes;
            long now = System.nanoTime();
            if (windowStart == 0) {
                // the window starts with the first bytes, not with the resolve before them
                windowStart = now;
            }
            windowBytes += bytes;
            long span = now - windowStart;
            if (span >= 1_000_000_000L) {
                speed = windowBytes * 1e9 / span;
                windowStart = now;
                windowBytes = 0;
            } else if (speed == 0 && span > 200_000_000L) {
                speed = windowBytes * 1e9 / span;
            }
        }
        emit(false);
    }

    /** Bytes this pull downloaded (not counting what was already present). */
    long downloaded() {
        synchronized (lock) {
            return downloaded;
        }
    }

    PullProgress snapshot() {
        synchronized (lock) {
            List<PullProgress.Layer> out = new ArrayList<>(layers.size());
            long total = 0;
            long sum = 0;
            for (int i = 0; i < layers.size(); i++) {
                Descriptor d = layers.get(i);
                out.add(new PullProgress.Layer(d.digest(), d.mediaType(), d.size(), Math.min(done[i], d.size()), states[i]));
                total += d.size();
                sum += Math.min(done[i], d.size());
            }
            return new PullProgress(reference, phase, out, total, sum, speed, message);
        }
    }

    void emit(boolean force) {
        PullProgress p;
        synchronized (emitLock) {
            long now = System.nanoTime();
            if (!force && now - lastEmit < INTERVAL_NANOS) {
                return;
            }
            lastEmit = now;
            p = snapshot();
            listener.accept(p);
        }
    }
}
