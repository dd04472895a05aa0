package dev.berth.ui.versions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.BerthException;
import dev.berth.model.CommitVersionRequest;
import dev.berth.model.TaskStatus;
import dev.berth.ui.fake.Fixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionsViewModelTest {

    private final Fixture f = new Fixture();
    private final List<String> opened = new ArrayList<>();
    private int changes;

    private VersionsViewModel open(String id) {
        VersionsViewModel vm = new VersionsViewModel(f.session, f.executor, f.i18n, f.dialogs, f.guard, id, "img:1",
                (image, version) -> opened.add(image + " " + version), () -> changes++);
        vm.reload();
        return vm;
    }

    private VersionRow row(VersionsViewModel vm, String name) {
        return vm.rows().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void listsTheVersionsNewestFirstWithWhereTheFilesStand() {
        f.service.withContainer("web", "img:1", TaskStatus.RUNNING);
        f.attach();
        f.service.versions().commit(CommitVersionRequest.of("web").withName("web-a").stoppingTask(true));
        f.service.versions().commit(CommitVersionRequest.of("web").withName("web-b").stoppingTask(true));
        VersionsViewModel vm = open("web");
        assertThat(vm.loadedProperty().get()).isTrue();
        assertThat(vm.runningProperty().get()).isTrue();
        assertThat(vm.rows()).extracting(VersionRow::name).containsExactly("web-b", "web-a");
        assertThat(row(vm, "web-b").stateText()).isEqualTo("current base");
        assertThat(row(vm, "web-a").stateText()).isEqualTo("under the files");
        assertThat(row(vm, "web-a").sizeText()).matches("[0-9.]+ [kKMG]?B");
        assertThat(vm.canRollback().get()).as("nothing selected").isFalse();
        vm.selectedProperty().set(row(vm, "web-a"));
        assertThat(vm.canRollback().get()).isTrue();
        assertThat(vm.canDelete().get()).as("the files stand on it").isFalse();
        f.session.setOnline(false);
        assertThat(vm.canRollback().get()).isFalse();
    }

    @Test
    void rollbackAsksThenKeepsTheFilesBeforeAsAVersion() {
        f.service.withContainer("web", "img:1", TaskStatus.RUNNING);
        f.attach();
        f.service.versions().commit(CommitVersionRequest.of("web").withName("web-a").stoppingTask(true));
        VersionsViewModel vm = open("web");
        vm.selectedProperty().set(row(vm, "web-a"));
        f.dialogs.answer(false);
        vm.rollbackSelected();
        assertThat(f.dialogs.asked).containsExactly("confirm: Roll back web");
        assertThat(f.state.calls).noneMatch(c -> c.startsWith("versions.rollback"));

        vm.rollbackSelected();
        assertThat(f.state.calls).contains("versions.rollback web web-a");
        assertThat(f.dialogs.notices).singleElement().asString()
                .startsWith("web rolled back to web-a; the files before are kept as web-v");
        assertThat(vm.rows()).hasSize(2);
        VersionRow kept = vm.rows().get(0);
        assertThat(kept.stateText()).isEqualTo("kept");
        assertThat(kept.noteText()).isEqualTo("the files before the rollback to web-a");
        assertThat(row(vm, "web-a").stateText()).isEqualTo("current base");
        assertThat(changes).isEqualTo(1);
        assertThat(f.activity.items()).extracting(a -> a.title()).contains("Roll web back to web-a");

        // the kept one stands on nothing now: it can go, after asking
        vm.selectedProperty().set(kept);
        assertThat(vm.canDelete().get()).isTrue();
        vm.deleteSelected();
        assertThat(f.dialogs.asked).contains("confirm: Delete a version");
        assertThat(vm.rows()).extracting(VersionRow::name).containsExactly("web-a");
    }

    @Test
    void aRefusalIsShownInPlainWords() {
        f.service.withContainer("web", "img:1", null);
        f.attach();
        f.service.versions().commit(CommitVersionRequest.of("web").withName("web-a"));
        VersionsViewModel vm = open("web");
        vm.selectedProperty().set(row(vm, "web-a"));
        f.state.failNext = new BerthException.FailedPrecondition("version web-a cannot be deleted: the current files "
                + "of web are built on it");
        vm.deleteSelected();
        assertThat(f.dialogs.errors).singleElement().asString()
                .isEqualTo("Delete version web-a: version web-a cannot be deleted: the current files of web are built on it");
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.rows()).hasSize(1);
    }

    @Test
    void commitFromTheWindowAndANewContainerFromAVersion() {
        f.service.withContainer("web", "img:1", null);
        f.attach();
        VersionsViewModel vm = open("web");
        assertThat(vm.rows()).isEmpty();
        SnapshotFormViewModel form = vm.newCommitForm();
        assertThat(form.mode()).isEqualTo(SnapshotFormViewModel.Mode.VERSION);
        form.nameProperty().set("web-1");
        form.addLabel();
        form.labels().get(0).keyProperty().set("reason");
        form.labels().get(0).valueProperty().set("before the upgrade");
        form.submit();
        assertThat(vm.rows()).extracting(VersionRow::name).containsExactly("web-1");
        assertThat(vm.rows().get(0).labelsText()).as("the user's labels, not Berth's or containerd's")
                .isEqualTo("reason=before the upgrade");
        assertThat(f.dialogs.notices).containsExactly("Version web-1 of web committed");
        vm.selectedProperty().set(vm.rows().get(0));
        vm.newContainerFromSelected();
        assertThat(opened).containsExactly("img:1 web-1");
    }

    @Test
    void eventsOfTheContainerReloadAndClosingStopsThat() {
        f.service.withContainer("web", "img:1", null);
        f.attach();
        VersionsViewModel vm = open("web");
        long loads = f.calls("versions.list web");
        f.event("/tasks/start", "web");
        assertThat(f.calls("versions.list web")).isEqualTo(loads + 1);
        f.event("/tasks/start", "other");
        assertThat(f.calls("versions.list web")).isEqualTo(loads + 1);
        vm.close();
        f.event("/snapshot/commit", "x");
        assertThat(f.calls("versions.list web")).isEqualTo(loads + 1);
    }
}
