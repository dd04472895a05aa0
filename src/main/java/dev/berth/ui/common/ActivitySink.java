package dev.berth.ui.common;

/** Receives every titled background task (the Activity view). All calls on the UI thread. */
public interface ActivitySink {

    /** A titled task started; the returned record is updated as it runs. */
    Record started(String title, Object subject, TaskHandle handle);

    /** One task's line in the Activity view. */
    interface Record {
        void progress(double done, double total);

        void message(String message);

        void succeeded(String resultText);

        void failed(Throwable error);

        void cancelled();
    }

    ActivitySink NONE = (title, subject, handle) -> new Record() {
        @Override
        public void progress(double done, double total) {
        }

        @Override
        public void message(String message) {
        }

        @Override
        public void succeeded(String resultText) {
        }

        @Override
        public void failed(Throwable error) {
        }

        @Override
        public void cancelled() {
        }
    };
}
