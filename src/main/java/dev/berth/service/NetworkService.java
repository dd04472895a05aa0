package dev.berth.service;

import java.util.Optional;

/**
 * CNI networking for running tasks: loopback, then the first network config of the CNI conf dir or
 * Berth's own bridge network (see {@link dev.berth.cni.Cni}). The container's IP and network are kept
 * in its labels {@code dev.berth/ip} and {@code dev.berth/network}.
 *
 * <p>The default methods exist only so that fakes written before this interface had methods still
 * compile; every real implementation overrides all of them.
 */
public interface NetworkService {

    /**
     * Attaches the running task of container {@code containerId} to the network and returns its IP.
     * A container that is attached already (same task) gets its IP back without running anything; a
     * left-over attachment of an earlier task is removed first; a setup that meets a stale allocation
     * (duplicate allocation, an interface that already exists, a bridge MAC error) is removed and
     * retried once. When setup fails, everything it made is removed before the error is thrown.
     *
     * @throws dev.berth.model.BerthException.FailedPrecondition when the container has no running task
     */
    default String setup(String containerId) {
        throw new UnsupportedOperationException("network setup is not implemented here");
    }

    /**
     * Detaches the container: DEL of its networks in reverse order with the results cached at setup,
     * releasing its IP, veth and masquerade rules (also after the task has ended), then clears its
     * labels. Does nothing when the container is not attached. Works when the container is gone too.
     */
    default void remove(String containerId) {
        throw new UnsupportedOperationException("network remove is not implemented here");
    }

    /** The IP recorded on the container by {@link #setup}, if any. */
    default Optional<String> ip(String containerId) {
        throw new UnsupportedOperationException("network ip is not implemented here");
    }

    /** The same service with other CNI settings (network name, bridge, subnet, dirs, timeout). */
    default NetworkService withSettings(dev.berth.cni.CniSettings settings) {
        throw new UnsupportedOperationException("network settings are not implemented here");
    }
}
