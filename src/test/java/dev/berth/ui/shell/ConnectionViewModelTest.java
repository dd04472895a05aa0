package dev.berth.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.BerthException;
import dev.berth.model.ContainerdEvent;
import dev.berth.service.ContainerdService;
import dev.berth.ui.common.CurrentThreadTaskExecutor;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.ServiceSession;
import dev.berth.ui.fake.FakeContainerd;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConnectionViewModelTest {

    private final FakeContainerd.State daemon = new FakeContainerd.State();
    private final ServiceSession session = new ServiceSession();
    private final CurrentThreadTaskExecutor ex = new CurrentThreadTaskExecutor().holdScheduled();
    private final I18n i18n = I18n.english();
    private final AtomicInteger connects = new AtomicInteger();
    private RuntimeException connectError;

    private ConnectionViewModel vm(String address) {
        ConnectionViewModel.Connector c = (a, ns) -> {
            connects.incrementAndGet();
            if (connectError != null) {
                throw connectError;
            }
            return new FakeContainerd(daemon, ns);
        };
        return new ConnectionViewModel(c, address, "default", session, ex, i18n);
    }

    /** A socket path that exists (this test's class file), so failures read as "not answering". */
    private static String existingPath() {
        return System.getProperty("java.home");
    }

    @Test
    void connectsAttachesTheSessionAndForwardsEvents() {
        ConnectionViewModel vm = vm(existingPath());
        List<List<ContainerdEvent>> seen = new ArrayList<>();
        session.onEvents(seen::add);
        vm.start();
        assertThat(vm.stateProperty().get()).isEqualTo(ConnectionViewModel.State.CONNECTED);
        assertThat(vm.bannerVisibleProperty().get()).isFalse();
        assertThat(vm.daemonVersionProperty().get()).isEqualTo("1.6.20~ds1");
        assertThat(session.isOnline()).isTrue();
        assertThat(session.namespace()).isEqualTo("default");
        assertThat(vm.namespaces()).extracting(n -> n.name()).contains("default");
        daemon.fire("default", "/containers/create", "c1");
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).get(0).subject()).isEqualTo("c1");
    }

    @Test
    void whenTheEventStreamEndsItShowsTheBannerAndReconnectsWithBackoff() {
        ConnectionViewModel vm = vm(existingPath());
        vm.start();
        ContainerdService first = session.service();
        daemon.endStreams(new BerthException.Unavailable("connection refused"));
        assertThat(vm.stateProperty().get()).isEqualTo(ConnectionViewModel.State.OFFLINE);
        assertThat(vm.problemProperty().get()).isEqualTo(ConnectionViewModel.Problem.LOST);
        assertThat(vm.bannerVisibleProperty().get()).isTrue();
        assertThat(vm.bannerTitleProperty().get()).isEqualTo("Lost the connection to containerd");
        assertThat(vm.bannerDetailProperty().get()).isEqualTo("connection refused");
        assertThat(vm.retryTextProperty().get()).isEqualTo("Retrying in 1 s");
        assertThat(session.isOnline()).isFalse();
        assertThat(session.service()).as("the last lists stay visible").isSameAs(first);

        connectError = new BerthException.Unavailable("still down");
        ex.runScheduled(); // 1 s passes: attempt, fails, next wait 2 s
        assertThat(connects).hasValue(2);
        assertThat(vm.retryTextProperty().get()).isEqualTo("Retrying in 2 s");
        ex.runScheduled();
        assertThat(vm.retryTextProperty().get()).isEqualTo("Retrying in 1 s");
        connectError = null;
        ex.runScheduled();
        assertThat(connects).hasValue(3);
        assertThat(vm.stateProperty().get()).isEqualTo(ConnectionViewModel.State.CONNECTED);
        assertThat(vm.bannerVisibleProperty().get()).isFalse();
        assertThat(session.isOnline()).isTrue();
        assertThat(session.service()).isNotSameAs(first);
        assertThat(daemon.closeCount).as("the old connection is closed").isEqualTo(1);
    }

    @Test
    void aMissingSocketSaysSoAndWhatToDo() {
        connectError = new BerthException.Unavailable("no containerd at /nonexistent/c.sock");
        ConnectionViewModel vm = vm("/nonexistent/c.sock");
        vm.start();
        assertThat(vm.problemProperty().get()).isEqualTo(ConnectionViewModel.Problem.SOCKET_MISSING);
        assertThat(vm.bannerTitleProperty().get()).contains("not running").contains("/nonexistent/c.sock");
        assertThat(vm.bannerHintProperty().get()).contains("systemctl start containerd").contains("--address");
        assertThat(vm.stateProperty().get()).isEqualTo(ConnectionViewModel.State.OFFLINE);
        assertThat(session.service()).isNull();
    }

    @Test
    void permissionDeniedSaysHowToGetAccess() {
        connectError = new BerthException.PermissionDenied("/run/containerd/containerd.sock is owned by root");
        ConnectionViewModel vm = vm(existingPath());
        vm.start();
        assertThat(vm.problemProperty().get()).isEqualTo(ConnectionViewModel.Problem.PERMISSION_DENIED);
        assertThat(vm.bannerHintProperty().get()).contains("root").contains("setfacl");
    }

    @Test
    void retryNowSkipsTheWait() {
        connectError = new BerthException.Unavailable("down");
        ConnectionViewModel vm = vm(existingPath());
        vm.start();
        connectError = null;
        vm.retryNow();
        assertThat(vm.stateProperty().get()).isEqualTo(ConnectionViewModel.State.CONNECTED);
        assertThat(ex.pendingScheduled()).isZero();
    }

    @Test
    void switchingNamespaceReattachesAndTheOneEventStreamFollowsIt() {
        ConnectionViewModel vm = vm(existingPath());
        vm.start();
        List<String> namespaces = new ArrayList<>();
        session.serviceProperty().addListener((o, a, b) -> namespaces.add(b.namespace()));
        List<String> here = new ArrayList<>();
        List<String> elsewhere = new ArrayList<>();
        session.onEvents(b -> b.forEach(e -> here.add(e.namespace() + " " + e.subject())));
        session.onEventsElsewhere(b -> b.forEach(e -> elsewhere.add(e.namespace() + " " + e.subject())));
        vm.switchNamespace("k8s.io");
        assertThat(namespaces).containsExactly("k8s.io");
        assertThat(session.protectedNamespaceProperty().get()).isTrue();
        assertThat(daemon.calls.stream().filter(c -> c.startsWith("events.subscribe")))
                .as("one stream of every namespace's events, kept across the switch").containsExactly("events.subscribe *");
        assertThat(daemon.subscribers.stream().filter(s -> !s.closed)).hasSize(1);
        daemon.fire("k8s.io", "/containers/create", "pod1");
        daemon.fire("default", "/containers/delete", "c1");
        assertThat(here).containsExactly("k8s.io pod1");
        assertThat(elsewhere).containsExactly("default c1");
        assertThat(vm.namespaces()).extracting(n -> n.name()).contains("k8s.io");
    }

    @Test
    void anOperationFindingContainerdGoneTriggersACheckAndTheBanner() {
        ConnectionViewModel vm = vm(existingPath());
        vm.start();
        daemon.failNext = new BerthException.Unavailable("refused");
        session.reportFailure(new BerthException.Unavailable("refused"));
        assertThat(vm.stateProperty().get()).isEqualTo(ConnectionViewModel.State.OFFLINE);
        assertThat(vm.problemProperty().get()).isEqualTo(ConnectionViewModel.Problem.LOST);
    }

    @Test
    void aRegistryThatIsDownDoesNotDropTheConnection() {
        ConnectionViewModel vm = vm(existingPath());
        vm.start();
        session.reportFailure(new BerthException.Unavailable("registry 10.0.0.1 unreachable"));
        assertThat(vm.stateProperty().get()).isEqualTo(ConnectionViewModel.State.CONNECTED);
    }
}
