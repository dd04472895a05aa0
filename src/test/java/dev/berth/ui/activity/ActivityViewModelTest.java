package dev.berth.ui.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.BerthException;
import dev.berth.ui.common.BackgroundTask;
import dev.berth.ui.common.TaskHandle;
import dev.berth.ui.fake.Fixture;
import org.junit.jupiter.api.Test;

class ActivityViewModelTest {

    private final Fixture f = new Fixture();
    private final ActivityViewModel vm = f.activity;

    @Test
    void recordsRunningAndFinishedOperationsNewestFirst() {
        f.executor.holdTasks();
        BackgroundTask.of(p -> {
            p.progress(1, 4);
            p.message("a quarter");
            return "x";
        }).title("First").resultText(v -> "made " + v).executeWith(f.executor);
        BackgroundTask.of(p -> "y").title("Second").executeWith(f.executor);
        assertThat(vm.items()).extracting(ActivityItem::title).containsExactly("Second", "First");
        assertThat(vm.runningProperty().get()).isEqualTo(2);
        f.executor.runPendingTasks();
        assertThat(vm.runningProperty().get()).isZero();
        ActivityItem first = vm.items().get(1);
        assertThat(first.state()).isEqualTo(ActivityItem.State.SUCCEEDED);
        assertThat(first.messageProperty().get()).isEqualTo("made x");
        assertThat(first.progressProperty().get()).isEqualTo(1.0);
        assertThat(vm.items().get(0).messageProperty().get()).isEqualTo("Done");
    }

    @Test
    void failuresAreInPlainWordsWithDetails() {
        BackgroundTask.of(p -> {
            throw new BerthException.Timeout("the task did not exit within 10 s");
        }).title("Stop web").executeWith(f.executor);
        ActivityItem item = vm.items().get(0);
        assertThat(item.state()).isEqualTo(ActivityItem.State.FAILED);
        assertThat(item.errorProperty().get().title()).isEqualTo("Timed out");
        assertThat(item.messageProperty().get()).isEqualTo("the task did not exit within 10 s");
        assertThat(item.errorProperty().get().details()).contains("BerthException$Timeout");
        assertThat(vm.unseenFailuresProperty().get()).isEqualTo(1);
        vm.markSeen();
        assertThat(vm.unseenFailuresProperty().get()).isZero();
    }

    @Test
    void cancelAndClear() {
        f.executor.holdTasks();
        TaskHandle h = BackgroundTask.of(p -> "x").title("Pull").executeWith(f.executor);
        BackgroundTask.of(p -> "y").title("Other").executeWith(f.executor);
        vm.cancel(vm.items().get(1));
        assertThat(h.isDone()).isTrue();
        assertThat(vm.items().get(1).state()).isEqualTo(ActivityItem.State.CANCELLED);
        vm.clearFinished();
        assertThat(vm.items()).extracting(ActivityItem::title).containsExactly("Other");
    }

    @Test
    void keepsAtMostTwoHundredFinished() {
        for (int i = 0; i < 250; i++) {
            BackgroundTask.of(p -> "x").title("t" + i).executeWith(f.executor);
        }
        assertThat(vm.items()).hasSize(ActivityViewModel.MAX_FINISHED + 1);
        assertThat(vm.items().get(0).title()).isEqualTo("t249");
    }
}
