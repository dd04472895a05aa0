package dev.berth.service;

import dev.berth.model.ContainerdEvent;
import dev.berth.model.Subscription;
import java.util.function.Consumer;

public interface EventService {

    /**
     * Follows containerd's events for this namespace. {@code onEvent} runs on a background thread;
     * {@code onEnd} runs once when the stream ends (null on a clean end, else the error), e.g. when
     * containerd goes away.
     */
    Subscription subscribe(Consumer<ContainerdEvent> onEvent, Consumer<RuntimeException> onEnd);

    /**
     * Follows containerd's events of every namespace, each naming its own (one stream for a console
     * that shows one namespace and keeps the rows of others while nothing changes there). Threads and
     * end as {@link #subscribe}.
     */
    Subscription subscribeAll(Consumer<ContainerdEvent> onEvent, Consumer<RuntimeException> onEnd);
}
