package dev.berth.ui.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.CreateContainerRequest;
import dev.berth.model.PullProgress;
import dev.berth.model.TaskStatus;
import dev.berth.ui.fake.Fixture;
import java.util.List;
import org.junit.jupiter.api.Test;

class CreateContainerViewModelTest {

    private final Fixture f = new Fixture();
    private final ContainersViewModel containers = new ContainersViewModel(f.session, f.executor, f.i18n, f.dialogs,
            f.guard);

    private CreateContainerViewModel vm() {
        f.service.withImage("img:1");
        f.attach();
        return containers.newCreate("img:1");
    }

    @Test
    void validatesEachFieldAsItIsTyped() {
        CreateContainerViewModel vm = vm();
        assertThat(vm.idErrorProperty().get()).isEqualTo("Give the container an ID.");
        vm.idProperty().set("bad id!");
        assertThat(vm.idErrorProperty().get()).startsWith("Use letters and digits");
        vm.idProperty().set("web-1");
        assertThat(vm.idErrorProperty().get()).isNull();
        vm.commandProperty().set("sh -c \"echo hi");
        assertThat(vm.commandErrorProperty().get()).isEqualTo("A quote is not closed.");
        vm.commandProperty().set("sh -c \"echo hi; sleep 600\"");
        assertThat(vm.commandErrorProperty().get()).isNull();
        vm.workingDirProperty().set("work");
        assertThat(vm.workingDirErrorProperty().get()).isNotNull();
        vm.workingDirProperty().set("/work");
        vm.userProperty().set("app:staff");
        assertThat(vm.userErrorProperty().get()).isNull();
        vm.userProperty().set("a b");
        assertThat(vm.userErrorProperty().get()).isNotNull();
        vm.userProperty().set("");
        vm.addEnv();
        vm.env().get(0).keyProperty().set("1BAD");
        assertThat(vm.envErrorProperty().get()).contains("1BAD");
        vm.env().get(0).keyProperty().set("GREETING");
        vm.env().get(0).valueProperty().set("hi there");
        assertThat(vm.envErrorProperty().get()).isNull();
        vm.addMount();
        vm.mounts().get(0).destinationProperty().set("data");
        assertThat(vm.mountsErrorProperty().get()).isNotNull();
        vm.mounts().get(0).destinationProperty().set("/data");
        vm.mounts().get(0).sourceProperty().set("/srv/data");
        assertThat(vm.mountsErrorProperty().get()).isNull();
        vm.addLabel();
        vm.addLabel();
        vm.labels().get(0).keyProperty().set("team");
        vm.labels().get(1).keyProperty().set("team");
        assertThat(vm.labelsErrorProperty().get()).isEqualTo("team appears twice.");
        vm.labels().remove(1);
        assertThat(vm.validProperty().get()).isTrue();
        assertThat(vm.canCreateProperty().get()).isTrue();
    }

    @Test
    void buildsTheRequestFromTheForm() {
        CreateContainerViewModel vm = vm();
        vm.idProperty().set(" web-1 ");
        vm.commandProperty().set("sh -c 'echo hi; sleep 600'");
        vm.addEnv();
        vm.env().get(0).keyProperty().set("A");
        vm.env().get(0).valueProperty().set("1");
        vm.addEnv();
        vm.addMount();
        vm.mounts().get(0).sourceProperty().set("/srv");
        vm.mounts().get(0).destinationProperty().set("/data");
        vm.mounts().get(0).readOnlyProperty().set(true);
        vm.ttyProperty().set(true);
        CreateContainerRequest r = vm.request();
        assertThat(r.id()).isEqualTo("web-1");
        assertThat(r.image()).isEqualTo("img:1");
        assertThat(r.spec().command()).containsExactly("sh", "-c", "echo hi; sleep 600");
        assertThat(r.spec().env()).containsExactly("A=1");
        assertThat(r.spec().mounts()).hasSize(1);
        assertThat(r.spec().mounts().get(0).readOnly()).isTrue();
        assertThat(r.spec().tty()).isTrue();
        assertThat(r.spec().workingDir()).isNull();
        assertThat(r.parentSnapshot()).isNull();
    }

    @Test
    void createsStartsAndShowsThePullWhenTheImageIsMissing() {
        f.attach();
        f.state.pullScript = List.of(new PullProgress("new:1", PullProgress.Phase.DONE,
                List.of(new PullProgress.Layer("sha256:aa", "gzip", 10, 10, PullProgress.LayerState.DONE)), 10, 10, 0, ""));
        CreateContainerViewModel vm = containers.newCreate("new:1");
        vm.idProperty().set("fresh");
        assertThat(vm.create()).isTrue();
        assertThat(vm.state()).isEqualTo(CreateContainerViewModel.State.DONE);
        assertThat(vm.pullProgress().layers()).hasSize(1);
        assertThat(f.state.calls).contains("containers.create fresh", "tasks.start fresh");
        assertThat(vm.phaseProperty().get()).isEqualTo("Created and started fresh");
        assertThat(containers.rows()).extracting(ContainerRow::id).contains("fresh");
        assertThat(f.activity.items().get(0).title()).isEqualTo("Create container fresh");
    }

    @Test
    void anIdThatIsTakenFailsWithAPlainMessage() {
        CreateContainerViewModel vm = vm();
        f.service.withContainer("web", "img:1", TaskStatus.RUNNING);
        vm.idProperty().set("web");
        vm.startAfterProperty().set(false);
        vm.create();
        assertThat(vm.state()).isEqualTo(CreateContainerViewModel.State.FAILED);
        assertThat(vm.errorProperty().get().title()).isEqualTo("Already exists");
        assertThat(vm.errorProperty().get().message()).isEqualTo("container web already exists");
        vm.edit();
        assertThat(vm.state()).isEqualTo(CreateContainerViewModel.State.EDITING);
    }

    @Test
    void fromASnapshotCarriesTheParent() {
        CreateContainerViewModel vm = vm();
        vm.idProperty().set("v2");
        vm.parentSnapshotProperty().set("web-version-1");
        assertThat(vm.request().parentSnapshot()).isEqualTo("web-version-1");
    }

    @Test
    void commandLinesSplitLikeAShell() {
        assertThat(CommandLine.split("a  'b c' \"d \\\"e\\\"\" f\\ g")).containsExactly("a", "b c", "d \"e\"", "f g");
        assertThat(CommandLine.split("")).isEmpty();
    }
}
