package dev.berth.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RefreshLoopTest {

    private final CurrentThreadTaskExecutor ex = new CurrentThreadTaskExecutor().holdScheduled();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicInteger loads = new AtomicInteger();
    private RefreshLoop loop;
    private boolean finishImmediately = true;

    private RefreshLoop loop() {
        loop = new RefreshLoop(ex, Duration.ofMillis(250), () -> {
            loads.incrementAndGet();
            if (finishImmediately) {
                loop.finished();
            }
        }, now::get);
        return loop;
    }

    @Test
    void aBurstOfRequestsBecomesOneLoadPerInterval() {
        RefreshLoop l = loop();
        l.request();
        assertThat(loads).hasValue(1);
        for (int i = 0; i < 100; i++) {
            l.request();
        }
        assertThat(loads).hasValue(1);
        assertThat(ex.pendingScheduled()).isEqualTo(1);
        now.addAndGet(250_000_000L);
        ex.runScheduled();
        assertThat(loads).hasValue(2);
    }

    @Test
    void requestsDuringALoadRunOneMoreLoadAfterIt() {
        finishImmediately = false;
        RefreshLoop l = loop();
        l.request();
        l.request();
        l.request();
        assertThat(loads).hasValue(1);
        now.addAndGet(300_000_000L);
        l.finished();
        assertThat(loads).hasValue(2);
        l.finished();
        assertThat(loads).hasValue(2);
    }

    @Test
    void requestNowSkipsTheInterval() {
        RefreshLoop l = loop();
        l.request();
        l.request();
        assertThat(ex.pendingScheduled()).isEqualTo(1);
        l.requestNow();
        assertThat(loads).hasValue(2);
        assertThat(ex.runScheduled()).isZero();
        assertThat(loads).hasValue(2);
    }
}
