package dev.berth.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.TaskStatus;
import dev.berth.ui.containers.ContainerRow;
import dev.berth.ui.containers.ContainersViewModel;
import dev.berth.ui.fake.Fixture;
import org.junit.jupiter.api.Test;

/**
 * Rows read while the window is built show as soon as the first load starts; that load still reads
 * the list again and applies what changed meanwhile. A prefetch of another namespace, or one that
 * comes after the first load started, is dropped.
 */
class PrefetchTest {

    @Test
    void theFirstLoadShowsPrefetchedRowsAtOnceThenWhatChanged() {
        Fixture f = new Fixture();
        f.service.withContainer("api", "img:1", TaskStatus.RUNNING);
        ContainersViewModel vm = new ContainersViewModel(f.session, f.executor, f.i18n, f.dialogs, f.guard);
        vm.prefetch(f.service);
        assertThat(f.calls("containers.list")).isEqualTo(1);
        f.service.withContainer("db", "img:2", TaskStatus.STOPPED); // created after the prefetch read the list

        f.executor.holdTasks();
        f.attach();
        assertThat(vm.loadedProperty().get()).as("the prefetched rows are in before the load returns").isTrue();
        assertThat(vm.rows()).extracting(ContainerRow::id).containsExactly("api");
        assertThat(f.executor.pendingTasks()).as("the load still runs").isEqualTo(1);

        f.executor.runPendingTasks();
        assertThat(f.calls("containers.list")).isEqualTo(2);
        assertThat(vm.rows()).extracting(ContainerRow::id).containsExactlyInAnyOrder("api", "db");
    }

    @Test
    void aPrefetchOfAnotherNamespaceOrAfterTheFirstLoadIsDropped() {
        Fixture f = new Fixture();
        f.service.withContainer("api", "img:1", TaskStatus.RUNNING);
        ContainersViewModel other = new ContainersViewModel(f.session, f.executor, f.i18n, f.dialogs, f.guard);
        other.prefetch(f.service.withNamespace("elsewhere"));
        f.executor.holdTasks();
        f.attach();
        assertThat(other.loadedProperty().get()).as("rows of another namespace are not shown").isFalse();
        f.executor.runPendingTasks();
        assertThat(other.rows()).extracting(ContainerRow::id).containsExactly("api");

        Fixture g = new Fixture();
        ContainersViewModel late = new ContainersViewModel(g.session, g.executor, g.i18n, g.dialogs, g.guard);
        g.attach();
        g.service.withContainer("later", "img:1", TaskStatus.RUNNING);
        late.prefetch(g.service);
        assertThat(g.calls("containers.list")).as("too late: not even read").isEqualTo(1);
        g.session.attach(g.service.withNamespace("second"));
        g.session.attach(g.service);
        assertThat(late.rows()).extracting(ContainerRow::id).containsExactly("later");
    }
}
