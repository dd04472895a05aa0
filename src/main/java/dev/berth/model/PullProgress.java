package dev.berth.model;

import java.util.List;

/**
 * A pull's state at one moment. Every layer is listed from the moment the manifest is read, so a
 * UI can draw all bars at once; bytes count what Berth itself wrote into containerd.
 *
 * @param layers one entry per layer of the chosen manifest, in order
 * @param totalBytes the sum of the layer sizes
 * @param doneBytes bytes of layers present (downloaded or already there)
 * @param bytesPerSecond recent download speed
 */
public record PullProgress(String reference, Phase phase, List<Layer> layers, long totalBytes, long doneBytes,
                           double bytesPerSecond, String message) {

    public PullProgress {
        layers = List.copyOf(layers);
    }

    public enum Phase { RESOLVING, FETCHING, UNPACKING, DONE, FAILED, CANCELLED }

    public enum LayerState { WAITING, DOWNLOADING, VERIFYING, DOWNLOADED, UNPACKING, DONE, FAILED, ALREADY_PRESENT }

    /** One layer's bar. */
    public record Layer(String digest, String mediaType, long size, long done, LayerState state) {
        public double fraction() {
            if (state == LayerState.DONE || state == LayerState.ALREADY_PRESENT) {
                return 1.0;
            }
            return size <= 0 ? 0.0 : Math.min(1.0, (double) done / size);
        }
    }

    public double fraction() {
        if (phase == Phase.DONE) {
            return 1.0;
        }
        return totalBytes <= 0 ? 0.0 : Math.min(1.0, (double) doneBytes / totalBytes);
    }
}
