package dev.berth.ui.versions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.BerthException;
import dev.berth.model.Labels;
import dev.berth.model.SnapshotInfo;
import dev.berth.model.SnapshotKind;
import dev.berth.model.TaskStatus;
import dev.berth.ui.activity.ActivityItem;
import dev.berth.ui.containers.KeyValueItem;
import dev.berth.ui.fake.Fixture;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotFormViewModelTest {

    private final Fixture f = new Fixture();
    private final List<String> made = new ArrayList<>();

    private SnapshotFormViewModel form(SnapshotFormViewModel.Mode mode, String target) {
        return new SnapshotFormViewModel(f.session, f.executor, f.i18n, f.guard, mode, target, "overlayfs", made::add);
    }

    @Test
    void aVersionOfARunningContainerStopsItFirstByDefault() {
        f.service.withContainer("web", "img:1", TaskStatus.RUNNING);
        f.attach();
        SnapshotFormViewModel vm = form(SnapshotFormViewModel.Mode.VERSION, "web");
        assertThat(vm.taskLiveProperty().get()).as("read in the background").isTrue();
        assertThat(vm.stopFirstProperty().get()).isTrue();
        assertThat(vm.namePrompt()).isEqualTo("empty: web-v<time>");
        assertThat(vm.canSubmitProperty().get()).as("an empty name means the default").isTrue();

        vm.stopFirstProperty().set(false);
        assertThat(vm.stopErrorProperty().get()).contains("Stop the task first");
        assertThat(vm.canSubmitProperty().get()).isFalse();
        assertThat(vm.submit()).isFalse();
        vm.stopFirstProperty().set(true);

        vm.nameProperty().set("web-before-upgrade");
        vm.addLabel();
        vm.labels().get(0).keyProperty().set("reason");
        vm.labels().get(0).valueProperty().set("upgrade");
        assertThat(vm.submit()).isTrue();
        assertThat(f.state.calls).contains("versions.commit web web-before-upgrade stop");
        assertThat(vm.stateProperty().get()).isEqualTo(SnapshotFormViewModel.State.DONE);
        assertThat(made).containsExactly("web-before-upgrade");
        SnapshotInfo v = f.service.ns().snapshots.get("web-before-upgrade");
        assertThat(v.kind()).isEqualTo(SnapshotKind.COMMITTED);
        assertThat(v.labels()).containsEntry("reason", "upgrade").containsEntry(Labels.VERSION_OF, "web");
        assertThat(f.activity.items()).extracting(ActivityItem::title).contains("Commit a version of web");
        assertThat(vm.canSubmitProperty().get()).as("made once").isFalse();
    }

    @Test
    void aStoppedContainerNeedsNoStop() {
        f.service.withContainer("idle", "img:1", null);
        f.attach();
        SnapshotFormViewModel vm = form(SnapshotFormViewModel.Mode.VERSION, "idle");
        assertThat(vm.taskLiveProperty().get()).isFalse();
        vm.stopFirstProperty().set(false);
        assertThat(vm.stopErrorProperty().get()).isNull();
        assertThat(vm.submit()).isTrue();
        assertThat(f.state.calls).contains("versions.commit idle null");
        assertThat(made).containsExactly("idle-v1");
    }

    @Test
    void badNamesAndLabelsAreCaughtAsTheyAreTyped() {
        f.attach();
        SnapshotFormViewModel vm = form(SnapshotFormViewModel.Mode.COMMIT, "scratch");
        assertThat(vm.nameErrorProperty().get()).isEqualTo("A name is needed.");
        vm.nameProperty().set("two words");
        assertThat(vm.nameErrorProperty().get()).startsWith("Start with a letter or digit");
        vm.nameProperty().set("-dash");
        assertThat(vm.nameErrorProperty().get()).isNotNull();
        vm.nameProperty().set("x".repeat(256));
        assertThat(vm.nameErrorProperty().get()).isNotNull();
        vm.nameProperty().set("good-1");
        assertThat(vm.nameErrorProperty().get()).isNull();
        vm.labels().add(new KeyValueItem("a", "1"));
        vm.labels().add(new KeyValueItem("a", "2"));
        assertThat(vm.labelsErrorProperty().get()).contains("a");
        assertThat(vm.canSubmitProperty().get()).isFalse();
        vm.labels().remove(1);
        vm.labels().add(new KeyValueItem("", "orphan value"));
        assertThat(vm.labelsErrorProperty().get()).isNotNull();
        vm.labels().remove(1);
        assertThat(vm.canSubmitProperty().get()).isTrue();
        assertThat(f.state.calls).noneMatch(c -> c.startsWith("snapshots.commit"));
    }

    @Test
    void commitAndPrepareASnapshotAndShowAFailureInTheForm() {
        f.service.ns().snapshots.put("scratch", new SnapshotInfo("overlayfs", "scratch", "base", SnapshotKind.ACTIVE,
                Instant.now(), Instant.now(), Map.of()));
        f.service.ns().snapshots.put("base", new SnapshotInfo("overlayfs", "base", "", SnapshotKind.COMMITTED,
                Instant.now(), Instant.now(), Map.of()));
        f.attach();
        SnapshotFormViewModel commit = form(SnapshotFormViewModel.Mode.COMMIT, "scratch");
        commit.nameProperty().set("scratch-done");
        f.state.failNext = new BerthException.AlreadyExists("snapshotter overlayfs already has a snapshot named scratch-done");
        assertThat(commit.submit()).isTrue();
        assertThat(commit.stateProperty().get()).isEqualTo(SnapshotFormViewModel.State.FAILED);
        assertThat(commit.errorProperty().get().message()).contains("already has a snapshot named scratch-done");
        assertThat(made).isEmpty();
        assertThat(commit.canSubmitProperty().get()).as("can try again").isTrue();
        commit.submit();
        assertThat(commit.stateProperty().get()).isEqualTo(SnapshotFormViewModel.State.DONE);
        assertThat(f.service.ns().snapshots.get("scratch-done").kind()).isEqualTo(SnapshotKind.COMMITTED);

        SnapshotFormViewModel prepare = form(SnapshotFormViewModel.Mode.PREPARE, "scratch-done");
        assertThat(prepare.submitText()).isEqualTo("Prepare");
        prepare.nameProperty().set("next");
        prepare.submit();
        assertThat(f.state.calls).contains("snapshots.prepare next scratch-done");
        assertThat(f.service.ns().snapshots.get("next").parent()).isEqualTo("scratch-done");
        assertThat(made).containsExactly("scratch-done", "next");
    }

    @Test
    void aProtectedNamespaceAsksASecondTime() {
        Fixture k = new Fixture("k8s.io");
        k.service.withContainer("pod", "img:1", null);
        k.attach();
        k.dialogs.answer(false);
        SnapshotFormViewModel vm = new SnapshotFormViewModel(k.session, k.executor, k.i18n, k.guard,
                SnapshotFormViewModel.Mode.VERSION, "pod", null, n -> { });
        assertThat(vm.submit()).isFalse();
        assertThat(k.dialogs.asked).hasSize(1);
        assertThat(k.state.calls).noneMatch(c -> c.startsWith("versions.commit"));
        assertThat(vm.submit()).isTrue();
        assertThat(k.state.calls).contains("versions.commit pod null stop");
    }
}
