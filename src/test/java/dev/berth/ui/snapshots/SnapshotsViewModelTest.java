package dev.berth.ui.snapshots;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.SnapshotInfo;
import dev.berth.model.SnapshotKind;
import dev.berth.model.TaskStatus;
import dev.berth.ui.fake.Fixture;
import java.time.Instant;
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
}
