package dev.berth.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.ContainerdEvent;
import dev.berth.model.TaskStatus;
import dev.berth.service.ContainerdService;
import dev.berth.ui.containers.ContainerRow;
import dev.berth.ui.containers.ContainersViewModel;
import dev.berth.ui.fake.FakeContainerd;
import dev.berth.ui.fake.Fixture;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A list keeps the rows of namespaces it showed or read ahead while no event there changes them: a
 * switch to one shows its rows at once (then reads them again a moment later); an event of the
 * namespace, or a dropped connection, forgets them; a switch to the namespace being read ahead takes
 * that read instead of starting a second one.
 */
class KeptNamespacesTest {

    private static ContainerdService ns(Fixture f, String name, String... containers) {
        FakeContainerd s = (FakeContainerd) f.service.withNamespace(name);
        for (String c : containers) {
            s.withContainer(c, "img:1", TaskStatus.RUNNING);
        }
        return s;
    }

    private static ContainerdEvent event(String namespace, String topic, String subject) {
        return new ContainerdEvent(Instant.now(), namespace, topic, subject, null);
    }

    private static List<String> ids(ContainersViewModel vm) {
        return vm.rows().stream().map(ContainerRow::id).sorted().toList();
    }

    @Test
    void switchingBackShowsTheKeptRowsAtOnceAndAnEventThereForgetsThem() {
        Fixture f = new Fixture();
        f.service.withContainer("api", "img:1", TaskStatus.RUNNING);
        ContainerdService other = ns(f, "other", "x");
        ContainersViewModel vm = new ContainersViewModel(f.session, f.executor, f.i18n, f.dialogs, f.guard);
        f.attach();
        f.session.attach(other);
        assertThat(ids(vm)).containsExactly("x");
        assertThat(vm.keptNamespaces()).containsExactly("default");

        f.executor.holdTasks().holdScheduled();
        long reads = f.calls("containers.list");
        f.session.attach(f.service);
        assertThat(vm.loadedProperty().get()).isTrue();
        assertThat(ids(vm)).as("shown without reading").containsExactly("api");
        assertThat(f.calls("containers.list")).isEqualTo(reads);
        assertThat(vm.keptNamespaces()).containsExactly("other");
        while (f.executor.runScheduled() > 0) { // a moment later (and past the refresh interval): read again
            f.executor.runPendingTasks();
        }
        assertThat(f.calls("containers.list")).isEqualTo(reads + 1);

        f.session.publishElsewhere(List.of(event("other", "/images/create", "busybox"))); // not about containers
        assertThat(vm.keptNamespaces()).containsExactly("other");
        f.session.publishElsewhere(List.of(event("other", "/containers/create", "y")));
        assertThat(vm.keptNamespaces()).as("an event there forgets them").isEmpty();
        f.session.attach(other);
        assertThat(vm.loadedProperty().get()).as("read afresh").isFalse();
        f.executor.runPendingTasks();
        assertThat(ids(vm)).containsExactly("x");
    }

    @Test
    void readsOtherNamespacesAheadUnlessSomethingChangesThereMeanwhile() {
        Fixture f = new Fixture();
        f.service.withContainer("api", "img:1", TaskStatus.RUNNING);
        ContainerdService third = ns(f, "third", "t1", "t2");
        ns(f, "fourth", "f1");
        ContainersViewModel vm = new ContainersViewModel(f.session, f.executor, f.i18n, f.dialogs, f.guard);
        f.attach();
        f.executor.holdScheduled();
        vm.readAhead(List.of("default", "third"));
        assertThat(vm.keptNamespaces()).as("not at once").isEmpty();
        f.executor.runScheduled();
        assertThat(vm.keptNamespaces()).containsExactly("third");
        f.executor.holdTasks();
        f.session.attach(third);
        assertThat(ids(vm)).containsExactly("t1", "t2");

        vm.readAhead(List.of("fourth"));
        f.executor.runScheduled();
        assertThat(f.executor.pendingTasks()).isEqualTo(1);
        f.session.publishElsewhere(List.of(event("fourth", "/tasks/exit", "f1")));
        f.executor.runPendingTasks();
        assertThat(vm.keptNamespaces()).as("changed while read: not kept").doesNotContain("fourth");

        f.session.setOnline(false);
        assertThat(vm.keptNamespaces()).as("offline: events may be missed").isEmpty();
    }

    @Test
    void aSwitchToTheNamespaceBeingReadAheadTakesThatRead() {
        Fixture f = new Fixture();
        ContainerdService fifth = ns(f, "fifth", "a", "b", "c");
        ContainersViewModel vm = new ContainersViewModel(f.session, f.executor, f.i18n, f.dialogs, f.guard);
        f.attach();
        f.executor.holdScheduled().holdTasks();
        vm.readAhead(List.of("fifth"));
        f.executor.runScheduled();
        assertThat(f.executor.pendingTasks()).as("the read ahead").isEqualTo(1);
        f.session.attach(fifth);
        assertThat(f.executor.pendingTasks()).as("no second read").isEqualTo(1);
        assertThat(vm.loadingProperty().get()).isTrue();
        f.executor.runPendingTasks();
        assertThat(vm.loadingProperty().get()).isFalse();
        assertThat(vm.loadedProperty().get()).isTrue();
        assertThat(ids(vm)).containsExactly("a", "b", "c");
        assertThat(vm.keptNamespaces()).containsExactly("default");
    }

    @Test
    void keepsNothingWhenTurnedOff() {
        Fixture f = new Fixture();
        ContainerdService other = ns(f, "other", "x");
        ContainersViewModel vm = new ContainersViewModel(f.session, f.executor, f.i18n, f.dialogs, f.guard);
        vm.setKeepOtherNamespaces(false);
        f.attach();
        vm.readAhead(List.of("other"));
        f.session.attach(other);
        assertThat(vm.keptNamespaces()).isEmpty();
        assertThat(f.calls("containers.list")).isEqualTo(2);
    }

    @Test
    void keepsAtMostTheLimitOldestFirst() {
        KeptRows<Integer> k = new KeptRows<>(5);
        k.keep("a", List.of(1, 2));
        k.keep("b", List.of(3, 4));
        k.keep("c", List.of(5, 6));
        assertThat(k.namespaces()).containsExactlyInAnyOrder("b", "c");
        k.keep("huge", List.of(1, 2, 3, 4, 5, 6));
        assertThat(k.namespaces()).containsExactlyInAnyOrder("b", "c");
        assertThat(k.take("b")).containsExactly(3, 4);
        assertThat(k.take("b")).isNull();
    }
}
