package dev.berth.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.BerthException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CurrentThreadTaskExecutorTest {

    static final class RecordingSink implements ActivitySink {
        final List<String> events = new ArrayList<>();

        @Override
        public Record started(String title, Object subject, TaskHandle handle) {
            events.add("started " + title);
            return new Record() {
                @Override
                public void progress(double done, double total) {
                    events.add("progress " + (int) done + "/" + (int) total);
                }

                @Override
                public void message(String message) {
                    events.add("message " + message);
                }

                @Override
                public void succeeded(String resultText) {
                    events.add("succeeded " + resultText);
                }

                @Override
                public void failed(Throwable error) {
                    events.add("failed " + error.getMessage());
                }

                @Override
                public void cancelled() {
                    events.add("cancelled");
                }
            };
        }
    }

    @Test
    void runsAtOnceAndReportsSuccessToTheTaskAndTheActivity() {
        CurrentThreadTaskExecutor ex = new CurrentThreadTaskExecutor();
        RecordingSink sink = new RecordingSink();
        ex.setActivitySink(sink);
        List<String> got = new ArrayList<>();
        BackgroundTask.of(p -> {
            p.progress(1, 2);
            p.message("half");
            return "ok";
        }).title("work").resultText(v -> "result " + v).onSuccess(got::add).onFinished(() -> got.add("finished"))
                .executeWith(ex);
        assertThat(got).containsExactly("ok", "finished");
        assertThat(sink.events).containsExactly("started work", "progress 1/2", "message half", "succeeded result ok");
    }

    @Test
    void failuresGoToOnFailure() {
        CurrentThreadTaskExecutor ex = new CurrentThreadTaskExecutor();
        RecordingSink sink = new RecordingSink();
        ex.setActivitySink(sink);
        List<Throwable> errors = new ArrayList<>();
        BackgroundTask.of(p -> {
            throw new BerthException.NotFound("gone");
        }).title("t").onFailure(errors::add).executeWith(ex);
        assertThat(errors).hasSize(1);
        assertThat(sink.events).containsExactly("started t", "failed gone");
    }

    @Test
    void aHeldTaskCanBeCancelledBeforeItRuns() {
        CurrentThreadTaskExecutor ex = new CurrentThreadTaskExecutor().holdTasks();
        List<String> got = new ArrayList<>();
        TaskHandle h = BackgroundTask.of(p -> "x").onSuccess(got::add).onCancelled(() -> got.add("cancelled"))
                .executeWith(ex);
        assertThat(ex.pendingTasks()).isEqualTo(1);
        h.cancel();
        assertThat(got).containsExactly("cancelled");
        assertThat(ex.runPendingTasks()).isZero();
        assertThat(h.isDone()).isTrue();
    }

    @Test
    void cancelWhileRunningInterruptsTheWork() {
        CurrentThreadTaskExecutor ex = new CurrentThreadTaskExecutor().holdTasks();
        List<String> got = new ArrayList<>();
        TaskHandle[] handle = new TaskHandle[1];
        handle[0] = BackgroundTask.of(p -> {
            handle[0].cancel(); // as when the user presses Cancel during a progress callback
            if (Thread.currentThread().isInterrupted()) {
                throw new BerthException.Cancelled("interrupted");
            }
            return "not cancelled";
        }).onSuccess(got::add).onCancelled(() -> got.add("cancelled")).onFailure(e -> got.add("failed"))
                .executeWith(ex);
        ex.runPendingTasks();
        assertThat(got).containsExactly("cancelled");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void scheduledActionsRunAtOnceOrWhenHeldOnRequest() {
        CurrentThreadTaskExecutor ex = new CurrentThreadTaskExecutor();
        List<String> got = new ArrayList<>();
        ex.schedule(java.time.Duration.ofSeconds(5), () -> got.add("a"));
        assertThat(got).containsExactly("a");
        ex.holdScheduled();
        Cancellable c = ex.schedule(java.time.Duration.ofSeconds(5), () -> got.add("b"));
        ex.schedule(java.time.Duration.ofSeconds(5), () -> got.add("c"));
        c.cancel();
        assertThat(ex.runScheduled()).isEqualTo(1);
        assertThat(got).containsExactly("a", "c");
    }
}
