package dev.berth.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.TaskStatus;
import dev.berth.ui.containers.ContainersViewModel;
import dev.berth.ui.fake.Fixture;
import dev.berth.ui.images.ImagesViewModel;
import org.junit.jupiter.api.Test;

/** After a namespace switch the list on screen loads first; lists not on screen follow when it is done. */
class ForegroundFirstTest {

    @Test
    void hiddenListsWaitForTheListOnScreen() {
        Fixture f = new Fixture();
        f.service.withContainer("api", "img:1", TaskStatus.RUNNING);
        ContainersViewModel containers = new ContainersViewModel(f.session, f.executor, f.i18n, f.dialogs, f.guard);
        ImagesViewModel images = new ImagesViewModel(f.session, f.executor, f.i18n, f.dialogs, f.guard);
        images.activeProperty().set(false);
        f.executor.holdTasks().holdScheduled();
        f.session.attach(f.service.withNamespace("other"));
        f.executor.runScheduled();
        assertThat(containers.loadingProperty().get()).as("the list on screen loads at once").isTrue();
        assertThat(images.loadingProperty().get()).as("the hidden list waits").isFalse();
        assertThat(f.executor.pendingTasks()).isEqualTo(1);

        f.executor.runPendingTasks();
        f.executor.runScheduled();
        f.executor.runPendingTasks();
        assertThat(containers.loadedProperty().get()).isTrue();
        assertThat(images.loadedProperty().get()).as("the hidden list loaded after it").isTrue();
        assertThat(f.calls("images.list")).isEqualTo(1);
    }

    @Test
    void aFailedLoadOnScreenDoesNotHoldTheOthersBack() {
        Fixture f = new Fixture();
        ContainersViewModel containers = new ContainersViewModel(f.session, f.executor, f.i18n, f.dialogs, f.guard);
        ImagesViewModel images = new ImagesViewModel(f.session, f.executor, f.i18n, f.dialogs, f.guard);
        images.activeProperty().set(false);
        f.state.failNext = new dev.berth.model.BerthException.Internal("boom"); // the first call: the list on screen
        f.executor.holdScheduled();
        f.session.attach(f.service.withNamespace("other"));
        f.executor.runScheduled();
        f.executor.runScheduled();
        assertThat(containers.loadErrorProperty().get()).isNotNull();
        assertThat(images.loadedProperty().get()).isTrue();
    }
}
