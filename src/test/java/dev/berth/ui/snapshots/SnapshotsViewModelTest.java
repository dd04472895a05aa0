package dev.berth.ui.snapshots;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.SnapshotInfo;
import dev.berth.model.SnapshotKind;
import dev.berth.model.TaskStatus;
import dev.berth.ui.fake.Fixture;
import dev.berth.ui.versions.SnapshotFormViewModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotsViewModelTest {

    private final Fixture f = new Fixture();
    private final SnapshotsViewModel vm = new SnapshotsViewModel(f.session, f.executor, f.i18n, f.dialogs, f.guard);

    @Test
    void listsTheSnapshotsOfTheDefaultSnapshotterWithChainsAndChildren() {
        f.service.withContainer("web", "img:1", TaskStatus.RUNNING).withContainer("api", "img:1", null);
        f.service.ns().snapshots.put("n1", new SnapshotInfo("native", "n1", "", SnapshotKind.COMMITTED, Instant.now(),
                Instant.now(), Map.of()));
        f.attach();
        assertThat(vm.snapshotterProperty().get()).isEqualTo("overlayfs");
        assertThat(vm.snapshotters()).containsExactly("overlayfs", "native");
        assertThat(vm.rows()).extracting(SnapshotRow::name).containsExactly("api", "sha256:layer1", "web");
        SnapshotRow base = vm.rows().get(1);
        assertThat(base.children()).isEqualTo(2);
        assertThat(base.kindText()).isEqualTo("committed");
        assertThat(vm.rows().get(2).container()).as("the active snapshot of a container says whose it is").isEqualTo("web");
        assertThat(base.container()).isEmpty();
        vm.selection().setAll(vm.rows().get(2));
        assertThat(vm.detailsProperty().get().section("Snapshot chain").lines())
                .containsExactly("committed  sha256:layer1");
        assertThat(vm.detailsProperty().get().section("Mounts").lines()).hasSize(1);
        assertThat(vm.canCreateContainer().get()).isFalse();
        vm.selection().setAll(base);
        assertThat(vm.canCreateContainer().get()).isTrue();

        vm.snapshotterProperty().set("native");
        assertThat(vm.rows()).extracting(SnapshotRow::name).containsExactly("n1");
        assertThat(f.state.calls).contains("snapshots.list native");
    }

    @Test
    void snapshotEventsRefresh() {
        f.attach();
        assertThat(vm.rows()).isEmpty();
        f.service.withContainer("web", "img:1", null);
        f.event("/snapshot/prepare", "web");
        assertThat(vm.rows()).hasSize(2);
    }

    private SnapshotRow row(String name) {
        return vm.rows().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    private void put(String name, String parent, SnapshotKind kind) {
        f.service.ns().snapshots.put(name, new SnapshotInfo("overlayfs", name, parent, kind, Instant.now(), Instant.now(),
                Map.of()));
    }

    @Test
    void actionsFollowTheKindOfTheFocusedSnapshot() {
        f.service.withContainer("web", "img:1", TaskStatus.RUNNING);
        put("free", "sha256:layer1", SnapshotKind.ACTIVE);
        put("look", "sha256:layer1", SnapshotKind.VIEW);
        f.attach();
        vm.selection().setAll(row("sha256:layer1"));
        assertThat(vm.canPrepare().get()).isTrue();
        assertThat(vm.canCommit().get()).isFalse();
        assertThat(vm.canShowMounts().get()).isFalse();
        vm.selection().setAll(row("look"));
        assertThat(vm.canShowMounts().get()).isTrue();
        assertThat(vm.canCommit().get()).isFalse();

        // a container's active snapshot: the commit is a version of the container
        vm.selection().setAll(row("web"));
        assertThat(vm.canCommit().get()).isTrue();
        SnapshotFormViewModel version = vm.newCommitForm();
        assertThat(version.mode()).isEqualTo(SnapshotFormViewModel.Mode.VERSION);
        assertThat(version.target()).isEqualTo("web");
        assertThat(version.taskLiveProperty().get()).isTrue();
        version.submit();
        assertThat(f.state.calls).contains("versions.commit web null stop");
        assertThat(f.dialogs.notices).containsExactly("Version web-v1 of web committed");
        assertThat(row("web-v1").isCommitted()).as("the list refreshed").isTrue();

        // an active snapshot no container uses: a plain commit; then prepare on the result
        vm.selection().setAll(row("free"));
        SnapshotFormViewModel commit = vm.newCommitForm();
        assertThat(commit.mode()).isEqualTo(SnapshotFormViewModel.Mode.COMMIT);
        commit.nameProperty().set("free-1");
        commit.submit();
        assertThat(f.state.calls).contains("snapshots.commit free-1 free");
        vm.selection().setAll(row("free-1"));
        SnapshotFormViewModel prepare = vm.newPrepareForm();
        assertThat(prepare.mode()).isEqualTo(SnapshotFormViewModel.Mode.PREPARE);
        prepare.nameProperty().set("again");
        prepare.submit();
        assertThat(row("again").parent()).isEqualTo("free-1");
        assertThat(row("again").isActive()).isTrue();
    }

    @Test
    void usageFillsTheSizeColumnAndTheDetails() {
        f.service.withContainer("web", "img:1", null);
        f.attach();
        assertThat(row("web").sizeText()).isEmpty();
        vm.selection().setAll(row("web"), row("sha256:layer1"));
        vm.usageSelected();
        assertThat(row("web").sizeText()).matches("[0-9.]+ [kKMG]?B");
        assertThat(row("sha256:layer1").sizeText()).matches("[0-9.]+ [kKMG]?B");
        assertThat(row("web").size()).isPositive();
        assertThat(row("sha256:layer1").size()).isPositive();
        assertThat(f.activity.items()).extracting(a -> a.title()).contains("Read the usage of 2 snapshots");
        vm.refresh();
        assertThat(row("web").sizeText()).as("kept across refreshes").isNotEmpty();
        vm.selection().setAll(row("web"));
        assertThat(vm.detailsProperty().get().value("Inodes")).isEqualTo("7");
        assertThat(vm.detailsProperty().get().value("Size")).isEqualTo(row("web").sizeText());
    }

    @Test
    void mountsAreReadInTheBackground() {
        f.service.withContainer("web", "img:1", null);
        f.attach();
        vm.selection().setAll(row("web"));
        List<String> shown = new ArrayList<>();
        vm.loadMounts((name, lines) -> {
            shown.add(name);
            shown.addAll(lines);
        });
        assertThat(shown).containsExactly("web", "overlay overlay lowerdir=/a,upperdir=/b");
    }

    @Test
    void removeAsksRemovesChildrenFirstAndSaysWhatWasRefused() {
        f.service.withContainer("web", "img:1", null);
        put("v1", "sha256:layer1", SnapshotKind.COMMITTED);
        put("v2", "v1", SnapshotKind.COMMITTED);
        f.attach();
        vm.selection().setAll(row("v1"), row("v2"));
        f.dialogs.answer(false);
        vm.removeSelected();
        assertThat(f.dialogs.asked).containsExactly("confirm: Delete snapshots");
        assertThat(f.state.calls).noneMatch(c -> c.startsWith("snapshots.remove"));
        vm.removeSelected();
        assertThat(f.state.calls.stream().filter(c -> c.startsWith("snapshots.remove")).toList())
                .containsExactly("snapshots.remove v2", "snapshots.remove v1");
        assertThat(vm.rows()).extracting(SnapshotRow::name).doesNotContain("v1", "v2");

        // one that a container stands on, one with children, one free: the free one goes, the others say why
        put("loose", "", SnapshotKind.COMMITTED);
        vm.refresh();
        vm.selection().setAll(row("web"), row("sha256:layer1"), row("loose"));
        vm.removeSelected();
        assertThat(f.dialogs.errors).singleElement().asString().contains("2 of 3")
                .contains("delete the container first").contains("has children");
        assertThat(vm.rows()).extracting(SnapshotRow::name).contains("web", "sha256:layer1").doesNotContain("loose");
    }
}
