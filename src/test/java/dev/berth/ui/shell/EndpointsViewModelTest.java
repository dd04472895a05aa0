package dev.berth.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.BerthException;
import dev.berth.model.Endpoint;
import dev.berth.ui.common.CurrentThreadTaskExecutor;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.ServiceSession;
import dev.berth.ui.fake.FakeContainerd;
import dev.berth.ui.fake.FakeDialogs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointsViewModelTest {

    private static final String HERE = System.getProperty("java.home");

    private final FakeContainerd.State daemon = new FakeContainerd.State();
    private final ServiceSession session = new ServiceSession();
    private final CurrentThreadTaskExecutor ex = new CurrentThreadTaskExecutor().holdScheduled();
    private final FakeDialogs dialogs = new FakeDialogs();
    private final List<String> connects = new ArrayList<>();
    private final List<String> saved = new ArrayList<>();
    private List<Endpoint> lastSaved;
    private String down;

    private final Endpoint local = new Endpoint("local", HERE, "default");
    private final Endpoint lab = new Endpoint("lab", "/tmp/lab.sock", "builds");

    private ConnectionViewModel connection() {
        return new ConnectionViewModel((address, ns) -> {
            connects.add(address + " " + ns);
            if (address.equals(down)) {
                throw new BerthException.Unavailable("connection refused");
            }
            return new FakeContainerd(daemon, ns);
        }, local.address(), local.namespace(), session, ex, I18n.english());
    }

    private EndpointsViewModel vm(ConnectionViewModel c) {
        return new EndpointsViewModel(c, List.of(local, lab), "local", dialogs, I18n.english(), (list, current) -> {
            lastSaved = list;
            saved.add(current);
        });
    }

    @Test
    void switchingConnectsToTheOtherSocketInItsOwnNamespace() {
        ConnectionViewModel c = connection();
        EndpointsViewModel vm = vm(c);
        c.start();
        assertThat(vm.states()).containsEntry("local", ConnectionViewModel.State.CONNECTED);
        vm.select(lab);
        assertThat(connects).containsExactly(HERE + " default", "/tmp/lab.sock builds");
        assertThat(c.address()).isEqualTo("/tmp/lab.sock");
        assertThat(c.namespaceProperty().get()).isEqualTo("builds");
        assertThat(session.namespace()).isEqualTo("builds");
        assertThat(c.stateProperty().get()).isEqualTo(ConnectionViewModel.State.CONNECTED);
        assertThat(daemon.closeCount).as("the previous connection is closed").isEqualTo(1);
        assertThat(saved).containsExactly("lab");
    }

    @Test
    void eachEndpointKeepsItsNamespaceAndItsState() {
        ConnectionViewModel c = connection();
        EndpointsViewModel vm = vm(c);
        c.start();
        c.switchNamespace("k8s.io");
        assertThat(vm.currentProperty().get()).isEqualTo(new Endpoint("local", HERE, "k8s.io"));
        down = "/tmp/lab.sock";
        vm.select(lab);
        assertThat(c.stateProperty().get()).isEqualTo(ConnectionViewModel.State.OFFLINE);
        assertThat(vm.states()).containsEntry("lab", ConnectionViewModel.State.OFFLINE)
                .containsEntry("local", ConnectionViewModel.State.CONNECTED);
        vm.select(vm.endpoints().get(0));
        assertThat(connects).last().isEqualTo(HERE + " k8s.io");
        assertThat(session.namespace()).isEqualTo("k8s.io");
        assertThat(lastSaved).extracting(Endpoint::namespace).containsExactly("k8s.io", "builds");
    }

    @Test
    void anAnswerFromThePreviousEndpointIsIgnored() {
        CurrentThreadTaskExecutor held = new CurrentThreadTaskExecutor().holdScheduled();
        ConnectionViewModel c = connection();
        EndpointsViewModel vm = vm(c);
        down = HERE;
        c.start();
        assertThat(c.stateProperty().get()).isEqualTo(ConnectionViewModel.State.OFFLINE);
        down = null;
        vm.select(lab);
        assertThat(c.stateProperty().get()).isEqualTo(ConnectionViewModel.State.CONNECTED);
        ex.runScheduled(); // the old endpoint's retry timer is gone
        assertThat(connects).containsExactly(HERE + " default", "/tmp/lab.sock builds");
        assertThat(held.pendingScheduled()).isZero();
    }

    @Test
    void addChecksTheValuesThenSwitches() {
        ConnectionViewModel c = connection();
        EndpointsViewModel vm = vm(c);
        c.start();
        assertThat(vm.add(" ", "/x.sock", "")).isEqualTo("Give the endpoint a name.");
        assertThat(vm.add("x", "relative.sock", "")).contains("absolute");
        assertThat(vm.add("lab", "/x.sock", "")).contains("already");
        assertThat(vm.add("x", "/x.sock", "bad ns!")).contains("namespace");
        assertThat(vm.add("remote", "/tmp/remote-containerd.sock", "")).isNull();
        assertThat(vm.endpoints()).hasSize(3);
        assertThat(vm.currentProperty().get()).isEqualTo(new Endpoint("remote", "/tmp/remote-containerd.sock", "default"));
        assertThat(c.address()).isEqualTo("/tmp/remote-containerd.sock");
        assertThat(saved).last().isEqualTo("remote");
    }

    @Test
    void editingTheCurrentEndpointReconnectsAndRemovingAsksFirst() {
        ConnectionViewModel c = connection();
        EndpointsViewModel vm = vm(c);
        c.start();
        vm.select(lab);
        assertThat(vm.edit(lab, "lab2", "/tmp/lab2.sock", "builds")).isNull();
        assertThat(c.address()).isEqualTo("/tmp/lab2.sock");
        assertThat(vm.endpoints()).extracting(Endpoint::name).containsExactly("local", "lab2");

        dialogs.answer(false);
        vm.remove(vm.currentProperty().get());
        assertThat(vm.endpoints()).hasSize(2);
        vm.remove(vm.currentProperty().get());
        assertThat(dialogs.asked).hasSize(2);
        assertThat(vm.endpoints()).containsExactly(local);
        assertThat(vm.currentProperty().get()).isEqualTo(local);
        assertThat(c.address()).isEqualTo(HERE);
        vm.remove(local);
        assertThat(vm.endpoints()).as("the last one stays").containsExactly(local);
        assertThat(lastSaved).containsExactly(local);
    }

    @Test
    void reconnectMakesANewConnectionToTheSameSocketAndNamespace() {
        ConnectionViewModel c = connection();
        vm(c);
        c.start();
        c.switchNamespace("ns2");
        c.reconnect();
        assertThat(connects).containsExactly(HERE + " default", HERE + " ns2");
        assertThat(c.stateProperty().get()).isEqualTo(ConnectionViewModel.State.CONNECTED);
        assertThat(daemon.closeCount).isEqualTo(1);
        assertThat(session.namespace()).isEqualTo("ns2");
    }
}
