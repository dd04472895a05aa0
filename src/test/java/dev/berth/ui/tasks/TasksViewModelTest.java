package dev.berth.ui.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.StopOptions;
import dev.berth.model.TaskStatus;
import dev.berth.ui.fake.Fixture;
import org.junit.jupiter.api.Test;

class TasksViewModelTest {

    private final Fixture f = new Fixture();
    private final TasksViewModel vm = new TasksViewModel(f.session, f.executor, f.i18n, f.dialogs, f.guard);

    private TaskRow row(String id) {
        return vm.rows().stream().filter(r -> r.containerId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void listsTasksWithTheirImagesAndActsOnThem() {
        f.service.withContainer("api", "img:1", TaskStatus.RUNNING).withContainer("batch", "img:2", TaskStatus.STOPPED)
                .withContainer("idle", "img:2", null);
        f.attach();
        assertThat(vm.rows()).extracting(TaskRow::containerId).containsExactly("api", "batch");
        assertThat(row("api").image()).isEqualTo("img:1");
        assertThat(row("batch").exitText()).isEqualTo("0");
        vm.selection().setAll(row("api"));
        assertThat(vm.canPause().get()).isTrue();
        vm.pauseSelected();
        assertThat(row("api").statusText()).isEqualTo("Paused");
        vm.selection().setAll(row("api"));
        vm.stopSelected(StopOptions.DEFAULTS);
        assertThat(row("api").statusText()).isEqualTo("Exited (0)");
        vm.selection().setAll(vm.rows());
        vm.deleteSelected();
        assertThat(f.dialogs.asked).containsExactly("confirm: Delete tasks");
        assertThat(vm.rows()).isEmpty();
    }

    @Test
    void detailsShowTheRootfsMounts() {
        f.service.withContainer("api", "img:1", TaskStatus.RUNNING);
        f.attach();
        vm.selection().setAll(vm.rows());
        assertThat(vm.detailsProperty().get().value("PID")).isEqualTo("4242");
        assertThat(vm.detailsProperty().get().section("Root filesystem mounts").lines())
                .containsExactly("overlay overlay  (lowerdir=/a,upperdir=/b)");
    }

    @Test
    void taskEventsRefresh() {
        f.service.withContainer("api", "img:1", TaskStatus.RUNNING);
        f.attach();
        f.service.ns().tasks.put("api", dev.berth.ui.fake.FakeContainerd.task("api", TaskStatus.STOPPED));
        f.event("/tasks/exit", "api");
        assertThat(row("api").statusText()).isEqualTo("Exited (0)");
    }
}
