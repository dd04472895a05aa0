package dev.berth.service;

import dev.berth.containerd.EventsApi;
import dev.berth.containerd.Filters;
import dev.berth.model.ContainerdEvent;
import dev.berth.model.Subscription;
import java.util.List;
import java.util.function.Consumer;

final class DefaultEventService implements EventService {

    private final ServiceContext sc;

    DefaultEventService(ServiceContext sc) {
        this.sc = sc;
    }

    @Override
    public Subscription subscribe(Consumer<ContainerdEvent> onEvent, Consumer<RuntimeException> onEnd) {
        return new EventsApi(sc.api()).subscribe(List.of(Filters.equal("namespace", sc.api().namespace())), onEvent, onEnd);
    }

    @Override
    public Subscription subscribeAll(Consumer<ContainerdEvent> onEvent, Consumer<RuntimeException> onEnd) {
        return new EventsApi(sc.api()).subscribe(List.of(), onEvent, onEnd);
    }
}
