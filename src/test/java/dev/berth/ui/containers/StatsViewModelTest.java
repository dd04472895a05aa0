package dev.berth.ui.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.TaskStatus;
import dev.berth.ui.common.CurrentThreadTaskExecutor;
import dev.berth.ui.fake.Fixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StatsViewModelTest {

    @Test
    void samplesEverySecondAndComputesCpuBetweenSamples() {
        Fixture f = new Fixture();
        CurrentThreadTaskExecutor ex = f.executor.holdScheduled();
        f.service.withContainer("web", "img:1", TaskStatus.RUNNING);
        f.attach();
        StatsViewModel vm = new StatsViewModel(f.session, ex, f.i18n, "web", Duration.ofSeconds(1));
        vm.start();
        assertThat(vm.samples()).hasSize(1);
        assertThat(vm.memoryProperty().get()).isEqualTo("10.0 MB of 512 MB");
        ex.runScheduled();
        assertThat(vm.samples()).hasSize(2);
        assertThat(vm.cpuProperty().get()).isEqualTo("50.0 %");
        assertThat(vm.pidsProperty().get()).isEqualTo("3");
        for (int i = 0; i < 100; i++) {
            ex.runScheduled();
        }
        assertThat(vm.samples()).hasSize(StatsViewModel.MAX_SAMPLES);
        vm.stop();
        assertThat(ex.pendingScheduled()).isZero();
    }

    @Test
    void stopsWhenTheTaskIsGone() {
        Fixture f = new Fixture();
        CurrentThreadTaskExecutor ex = f.executor.holdScheduled();
        f.service.withContainer("web", "img:1", null);
        f.attach();
        StatsViewModel vm = new StatsViewModel(f.session, ex, f.i18n, "web", Duration.ofSeconds(1));
        vm.start();
        assertThat(vm.statusProperty().get()).isEqualTo("The task is not running.");
        assertThat(ex.pendingScheduled()).isZero();
    }
}
