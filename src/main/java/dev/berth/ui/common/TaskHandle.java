package dev.berth.ui.common;

/** A running (or finished) background task; {@link #cancel} interrupts it. */
public interface TaskHandle {

    /** Cancels the task: it is interrupted if running, never started if still queued. Idempotent. */
    void cancel();

    boolean isDone();

    TaskHandle DONE = new TaskHandle() {
        @Override
        public void cancel() {
        }

        @Override
        public boolean isDone() {
            return true;
        }
    };
}
