package dev.berth.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.model.BerthException;
import dev.berth.service.ContainerdService;
import dev.berth.ui.fake.FakeContainerd;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class EarlyConnectorTest {

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final FakeContainerd.State state = new FakeContainerd.State();

    private ContainerdService connect(String address, String namespace) {
        calls.add(address + " " + namespace);
        if (address.equals("/missing.sock")) {
            throw new BerthException.Unavailable("no containerd at " + address);
        }
        return new FakeContainerd(state, namespace);
    }

    @Test
    void theFirstConnectToTheStartEndpointTakesTheEarlyConnection() {
        EarlyConnector c = new EarlyConnector(this::connect);
        c.start("/run/c.sock", "default");
        ContainerdService first = c.connect("/run/c.sock", "default");
        assertThat(first.namespace()).isEqualTo("default");
        assertThat(calls).containsExactly("/run/c.sock default");
        c.connect("/run/c.sock", "default");
        assertThat(calls).as("later connects are fresh ones").hasSize(2);
        assertThat(state.closeCount).isZero();
    }

    @Test
    void anEarlyConnectionToAnotherEndpointIsClosedAndAFreshOneMade() throws Exception {
        EarlyConnector c = new EarlyConnector(this::connect);
        c.start("/run/c.sock", "default");
        ContainerdService other = c.connect("/run/c.sock", "k8s.io");
        assertThat(other.namespace()).isEqualTo("k8s.io");
        for (int i = 0; i < 200 && state.closeCount == 0; i++) {
            Thread.sleep(10);
        }
        assertThat(state.closeCount).as("the early connection nobody took").isEqualTo(1);
        assertThat(calls).containsExactlyInAnyOrder("/run/c.sock default", "/run/c.sock k8s.io");
    }

    @Test
    void theEarlyConnectionsErrorReachesTheFirstConnect() {
        EarlyConnector c = new EarlyConnector(this::connect);
        c.start("/missing.sock", "default");
        assertThatThrownBy(() -> c.connect("/missing.sock", "default"))
                .isInstanceOf(BerthException.Unavailable.class).hasMessageContaining("/missing.sock");
        assertThat(calls).hasSize(1);
    }
}
