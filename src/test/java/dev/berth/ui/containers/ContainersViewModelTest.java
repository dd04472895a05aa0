package dev.berth.ui.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.StopOptions;
import dev.berth.model.TaskStatus;
import dev.berth.ui.common.Details;
import dev.berth.ui.fake.Fixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ContainersViewModelTest {

    private final Fixture f = new Fixture();
    private final ContainersViewModel vm = new ContainersViewModel(f.session, f.executor, f.i18n, f.dialogs, f.guard);

    private void loaded() {
        f.service.withContainer("api", "img:1", TaskStatus.RUNNING)
                .withContainer("batch", "img:1", TaskStatus.STOPPED)
                .withContainer("idle", "img:2", null)
                .withContainer("worker", "img:2", TaskStatus.PAUSED);
        f.attach();
    }

    private ContainerRow row(String id) {
        return vm.rows().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void joinsContainersWithTheirTasks() {
        loaded();
        assertThat(vm.rows()).extracting(ContainerRow::id).containsExactly("api", "batch", "idle", "worker");
        assertThat(row("api").statusText()).isEqualTo("Running");
        assertThat(row("api").pidText()).isEqualTo("4242");
        assertThat(row("batch").statusText()).isEqualTo("Exited (0)");
        assertThat(row("batch").pidText()).isEmpty();
        assertThat(row("idle").statusText()).isEqualTo("No task");
        assertThat(row("worker").statusStyle()).isEqualTo("status-paused");
    }

    @Test
    void actionsAreEnabledByWhatIsSelected() {
        loaded();
        vm.selection().setAll(row("api"));
        assertThat(vm.canStart().get()).isFalse();
        assertThat(vm.canStop().get()).isTrue();
        assertThat(vm.canPause().get()).isTrue();
        assertThat(vm.canResume().get()).isFalse();
        vm.selection().setAll(row("idle"), row("worker"));
        assertThat(vm.canStart().get()).isTrue();
        assertThat(vm.canResume().get()).isTrue();
        assertThat(vm.canPause().get()).isFalse();
        f.session.setOnline(false);
        assertThat(vm.canStart().get()).as("nothing while containerd is away").isFalse();
    }

    @Test
    void lifecycleCallsTheServiceAndRefreshes() {
        loaded();
        vm.selection().setAll(row("idle"));
        vm.startSelected();
        assertThat(f.state.calls).contains("tasks.start idle");
        assertThat(row("idle").statusText()).isEqualTo("Running");

        vm.selection().setAll(row("api"));
        vm.pauseSelected();
        assertThat(row("api").statusText()).isEqualTo("Paused");
        vm.selection().setAll(row("api"));
        vm.resumeSelected();
        assertThat(row("api").statusText()).isEqualTo("Running");
        vm.selection().setAll(row("api"));
        vm.stopSelected(new StopOptions(null, Duration.ofSeconds(3), true));
        assertThat(f.state.calls).contains("tasks.stop api 3 force");
        assertThat(f.dialogs.asked).as("the stop dialog was the question").isEmpty();
        assertThat(f.activity.items()).extracting(a -> a.title())
                .contains("Start idle", "Pause api", "Resume api", "Stop api");
    }

    @Test
    void killAndDeleteAskFirst() {
        loaded();
        vm.selection().setAll(row("api"));
        f.dialogs.answer(false);
        vm.killSelected();
        assertThat(f.calls("tasks.kill")).isZero();
        vm.killSelected();
        assertThat(f.state.calls).contains("tasks.kill api SIGKILL");
        vm.selection().setAll(row("worker"), row("idle"));
        vm.deleteSelected();
        assertThat(f.state.calls).contains("containers.delete worker force", "containers.delete idle force");
        assertThat(vm.rows()).extracting(ContainerRow::id).containsExactly("api", "batch");
    }

    @Test
    void inK8sEvenAStartAsksTwice() {
        Fixture k = new Fixture("k8s.io");
        ContainersViewModel kvm = new ContainersViewModel(k.session, k.executor, k.i18n, k.dialogs, k.guard);
        k.service.withContainer("pod-sandbox", "pause:3.9", null);
        k.attach();
        kvm.selection().setAll(kvm.rows());
        k.dialogs.answer(true, false);
        kvm.startSelected();
        assertThat(k.dialogs.asked).containsExactly("confirm: Start containers", "danger: k8s.io belongs to kubelet");
        assertThat(k.calls("tasks.start")).isZero();
        k.dialogs.answer(true, true);
        kvm.startSelected();
        assertThat(k.calls("tasks.start")).isEqualTo(1);
        kvm.selection().setAll(kvm.rows());
        kvm.stopSelected(StopOptions.DEFAULTS);
        assertThat(k.dialogs.asked).as("the stop dialog was the first question").hasSize(5)
                .last().isEqualTo("danger: k8s.io belongs to kubelet");
        assertThat(k.calls("tasks.stop")).isEqualTo(1);
    }

    @Test
    void detailsShowSpecMountsAndSnapshotChain() {
        loaded();
        assertThat(row("api").info().specJson()).as("lists carry no specs").isEmpty();
        vm.selection().setAll(row("api"));
        Details d = vm.detailsProperty().get();
        assertThat(d.title()).isEqualTo("api");
        assertThat(d.value("Command")).isEqualTo("sh -c \"echo hi; sleep 600\"");
        assertThat(d.value("Working dir")).isEqualTo("/");
        assertThat(d.value("Log file")).endsWith("/api.log");
        assertThat(d.section("Mounts").lines()).anyMatch(l -> l.startsWith("/proc"));
        assertThat(d.section("Environment").lines()).containsExactly("PATH=/bin");
        assertThat(d.section("Snapshot chain").lines()).containsExactly("active  api", "committed  sha256:layer1");
        assertThat(d.section("Labels").fields()).extracting(Details.Field::name).containsExactly("app");
    }

    @Test
    void networkUpShowsTheIpAndNetworkDownReleasesIt() {
        loaded();
        vm.selection().setAll(row("api"));
        assertThat(vm.canNetworkUp().get()).isTrue();
        assertThat(vm.canNetworkDown().get()).isFalse();
        vm.networkUpSelected();
        assertThat(row("api").ip()).startsWith("10.88.0.");
        assertThat(f.dialogs.notices).containsExactly("api is on the network at " + row("api").ip());
        vm.selection().setAll(row("api"));
        assertThat(vm.canNetworkDown().get()).isTrue();
        vm.networkDownSelected();
        assertThat(f.dialogs.asked).containsExactly("confirm: Detach from the network");
        assertThat(row("api").ip()).isEmpty();
        vm.selection().setAll(row("idle"));
        assertThat(vm.canNetworkUp().get()).as("only running containers").isFalse();
    }

    @Test
    void versionsAreOfferedForAnyFocusedContainerWhileOnline() {
        loaded();
        assertThat(vm.canVersion().get()).as("nothing focused").isFalse();
        vm.selection().setAll(row("idle"));
        assertThat(vm.canVersion().get()).as("with or without a task").isTrue();
        vm.selection().setAll(row("api"));
        assertThat(vm.canVersion().get()).isTrue();
        f.session.setOnline(false);
        assertThat(vm.canVersion().get()).isFalse();
    }

    @Test
    void tenThousandContainersLoadAndFilter() {
        for (int i = 0; i < 10_000; i++) {
            f.service.withContainer(String.format("c-%05d", i), "img:1", i % 3 == 0 ? TaskStatus.RUNNING : null);
        }
        f.attach();
        assertThat(vm.rows()).hasSize(10_000);
        vm.searchProperty().set("c-0999");
        assertThat(vm.rows()).hasSize(10);
        vm.searchProperty().set("running");
        assertThat(vm.rows()).hasSize(3334);
    }

    @Test
    void logsAndStatsViewModelsAreForTheFocusedContainer() {
        loaded();
        assertThat(vm.newLogs()).isNull();
        vm.selection().setAll(row("worker"));
        assertThat(vm.newLogs().containerId()).isEqualTo("worker");
        assertThat(vm.newStats().containerId()).isEqualTo("worker");
        assertThat(vm.canShowStats().get()).isTrue();
    }
}
