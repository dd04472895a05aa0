package dev.berth.ui.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.TaskStatus;
import dev.berth.ui.fake.Fixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogsViewModelTest {

    private final Fixture f = new Fixture();

    private LogsViewModel logs(int lines) {
        f.service.withContainer("web", "img:1", TaskStatus.RUNNING);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            out.add("line " + i);
        }
        f.service.ns().logs.put("web", out);
        f.attach();
        return new LogsViewModel(f.session, f.executor, f.i18n, "web");
    }

    @Test
    void followingShowsTheTailThenNewLines() {
        LogsViewModel vm = logs(50);
        vm.tailProperty().set(10);
        vm.reload();
        assertThat(vm.lines()).hasSize(10);
        assertThat(vm.lines().get(0)).isEqualTo("line 40");
        assertThat(vm.statusProperty().get()).isEqualTo("Following the output…");
        f.service.followers.forEach(c -> c.accept("new line"));
        assertThat(vm.lines()).endsWith("new line");
        vm.close();
        assertThat(f.service.followers).isEmpty();
    }

    @Test
    void notFollowingLoadsOnce() {
        LogsViewModel vm = logs(5);
        vm.followProperty().set(false);
        assertThat(vm.lines()).hasSize(5);
        assertThat(vm.statusProperty().get()).isEqualTo("5 lines");
        assertThat(f.service.followers).isEmpty();
    }

    @Test
    void atMostTenThousandLinesAreKept() {
        LogsViewModel vm = logs(0);
        vm.reload();
        for (int i = 0; i < 12_345; i++) {
            String line = "x" + i;
            f.service.followers.forEach(c -> c.accept(line));
        }
        assertThat(vm.lines()).hasSize(LogsViewModel.MAX_LINES);
        assertThat(vm.lines().get(vm.lines().size() - 1)).isEqualTo("x12344");
        assertThat(vm.droppedProperty().get()).isEqualTo(2_345);
    }

    @Test
    void anErrorShowsInTheStatus() {
        LogsViewModel vm = logs(1);
        f.state.failNext = new dev.berth.model.BerthException.NotFound("container web has no log");
        vm.reload();
        assertThat(vm.statusProperty().get()).isEqualTo("container web has no log");
    }
}
