package dev.berth.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.NamespaceInfo;
import dev.berth.ui.common.BackgroundTask;
import dev.berth.ui.fake.FakeContainerd;
import dev.berth.ui.fake.Fixture;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShellViewModelTest {

    private final Fixture f = new Fixture();
    private final ConnectionViewModel connection = new ConnectionViewModel((a, ns) -> new FakeContainerd(f.state, ns),
            "/run/containerd/containerd.sock", "default", f.session, f.executor, f.i18n);
    private final ShellViewModel vm = new ShellViewModel(connection, f.activity, f.session, f.i18n, false);

    @Test
    void statusLineFollowsTheConnection() {
        assertThat(vm.connectionText().get()).isEqualTo("Connecting to /run/containerd/containerd.sock…");
        connection.start();
        assertThat(vm.connectionText().get())
                .isEqualTo("Connected to containerd 1.6.20~ds1 at /run/containerd/containerd.sock");
    }

    @Test
    void protectedNamespacesAreMarked() {
        connection.start();
        assertThat(vm.protectedText().get()).isEmpty();
        vm.selectNamespace("moby");
        assertThat(vm.protectedText().get()).contains("moby").contains("dockerd").contains("asks twice");
        assertThat(vm.namespaceLabel(new NamespaceInfo("k8s.io", Map.of()))).isEqualTo("k8s.io — owned by kubelet");
        assertThat(vm.namespaceLabel(new NamespaceInfo("default", Map.of()))).isEqualTo("default");
    }

    @Test
    void showingActivityMarksFailuresSeenAndThemeToggles() {
        BackgroundTask.of(p -> {
            throw new IllegalStateException("x");
        }).title("t").executeWith(f.executor);
        assertThat(f.activity.unseenFailuresProperty().get()).isEqualTo(1);
        vm.pageProperty().set(ShellViewModel.Page.ACTIVITY);
        assertThat(f.activity.unseenFailuresProperty().get()).isZero();
        vm.toggleTheme();
        assertThat(vm.darkProperty().get()).isTrue();
    }

    @Test
    void runningOperationsShowInTheStatusLine() {
        f.executor.holdTasks();
        BackgroundTask.of(p -> "x").title("Pull a").executeWith(f.executor);
        BackgroundTask.of(p -> "x").title("Pull b").executeWith(f.executor);
        assertThat(vm.activityText().get()).isEqualTo("2 operations running");
        f.executor.runPendingTasks();
        assertThat(vm.activityText().get()).isEmpty();
    }
}
