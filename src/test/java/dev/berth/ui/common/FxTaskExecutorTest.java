package dev.berth.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The production executor, on the real FX toolkit (Monocle headless under surefire). */
class FxTaskExecutorTest {

    private final FxTaskExecutor ex = new FxTaskExecutor(2);

    @BeforeAll
    static void toolkit() throws Exception {
        // the TestFX way, so that the UI tests in the same JVM find the toolkit as they expect it
        org.testfx.api.FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void stop() {
        ex.shutdown();
    }

    @Test
    void workRunsOnADaemonWorkerAndResultsComeBackOnTheFxThread() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<String> worker = new AtomicReference<>();
        AtomicBoolean daemon = new AtomicBoolean();
        AtomicBoolean onFx = new AtomicBoolean();
        ex.execute(BackgroundTask.of(p -> {
            worker.set(Thread.currentThread().getName());
            daemon.set(Thread.currentThread().isDaemon());
            return 42;
        }).onSuccess(v -> {
            onFx.set(Platform.isFxApplicationThread() && v == 42);
            done.countDown();
        }));
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.get()).startsWith("berth-worker-");
        assertThat(daemon).isTrue();
        assertThat(onFx).isTrue();
    }

    @Test
    void errorsComeBackOnTheFxThread() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> error = new AtomicReference<>();
        ex.execute(BackgroundTask.of(p -> {
            throw new BerthException.NotFound("nope");
        }).onFailure(e -> {
            if (Platform.isFxApplicationThread()) {
                error.set(e);
            }
            done.countDown();
        }));
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(error.get()).isInstanceOf(BerthException.NotFound.class);
    }

    @Test
    void cancelInterruptsTheWorker() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        TaskHandle h = ex.execute(BackgroundTask.of(p -> {
            started.countDown();
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw new BerthException.Cancelled("cancelled");
            }
            return null;
        }).onCancelled(cancelled::countDown));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        h.cancel();
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(cancelled.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void thePoolIsBounded() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch allDone = new CountDownLatch(4);
        java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 4; i++) {
            ex.execute(BackgroundTask.of(p -> {
                threads.add(Thread.currentThread().getName());
                release.await(10, TimeUnit.SECONDS);
                return null;
            }).onFinished(allDone::countDown));
        }
        Thread.sleep(200);
        assertThat(threads).hasSize(2);
        release.countDown();
        assertThat(allDone.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void batchedOnUiDeliversEverythingInOrderOnTheFxThread() throws Exception {
        List<Integer> got = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        Consumer<Integer> c = ex.batchedOnUi(batch -> {
            assertThat(Platform.isFxApplicationThread()).isTrue();
            got.addAll(batch);
            if (got.size() == 10_000) {
                done.countDown();
            }
        });
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 10_000; i++) {
                c.accept(i);
            }
        });
        producer.start();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 10_000; i++) {
            assertThat(got.get(i)).isEqualTo(i);
        }
    }

    @Test
    void latestOnUiKeepsTheLastValue() throws Exception {
        AtomicReference<Integer> last = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Consumer<Integer> c = ex.latestOnUi(v -> {
            last.set(v);
            if (v == 999) {
                done.countDown();
            }
        });
        for (int i = 0; i < 1000; i++) {
            c.accept(i);
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(last.get()).isEqualTo(999);
    }
}
