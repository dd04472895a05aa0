package dev.berth.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.BerthException;
import org.junit.jupiter.api.Test;

/** Which setup errors count as a stale attachment (cleaned, then retried once), as memoh decides. */
class NetworkRetryTest {

    static boolean stale(String message) {
        return DefaultNetworkService.stale(new BerthException.Internal(message));
    }

    @Test
    void staleAttachmentsAreRecognised() {
        assertThat(stale("CNI plugin bridge failed (ADD, network berth): failed to allocate for range 0: 10.213.0.2 has "
                + "been allocated to default--web, duplicate allocation is not allowed (CNI error code 999)")).isTrue();
        assertThat(stale("CNI plugin bridge failed (ADD, network berth): container veth name provided (eth0) already "
                + "exists (CNI error code 999)")).isTrue();
        assertThat(stale("failed to set bridge addr: could not set bridge's mac: invalid argument")).isTrue();
        assertThat(stale("CNI plugin bridge failed (ADD, network berth): failed to set bridge addr")).isFalse();
        assertThat(stale("CNI plugin berth-test-fail failed (ADD, network n): refused (CNI error code 7)")).isFalse();
    }
}
