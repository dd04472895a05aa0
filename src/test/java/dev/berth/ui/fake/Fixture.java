package dev.berth.ui.fake;

import dev.berth.ui.activity.ActivityViewModel;
import dev.berth.ui.common.ChangeGuard;
import dev.berth.ui.common.CurrentThreadTaskExecutor;
import dev.berth.ui.common.I18n;
import dev.berth.ui.common.ServiceSession;
import java.time.Clock;

/** What a view-model test needs: a fake containerd, a session on it, the synchronous executor, scripted dialogs. */
public final class Fixture {

    public final FakeContainerd service;
    public final FakeContainerd.State state;
    public final ServiceSession session = new ServiceSession();
    public final CurrentThreadTaskExecutor executor = new CurrentThreadTaskExecutor();
    public final FakeDialogs dialogs = new FakeDialogs();
    public final I18n i18n = I18n.english();
    public final ChangeGuard guard = new ChangeGuard(dialogs, i18n);
    public final ActivityViewModel activity = new ActivityViewModel(i18n, Clock.systemUTC());

    public Fixture() {
        this("default");
    }

    public Fixture(String namespace) {
        this.state = new FakeContainerd.State();
        this.service = new FakeContainerd(state, namespace);
        executor.setActivitySink(activity);
    }

    /** Connects the session (the lists load). */
    public Fixture attach() {
        session.attach(service);
        return this;
    }

    /** An event as containerd would send it, delivered the way the connection delivers them. */
    public void event(String topic, String subject) {
        session.publish(java.util.List.of(new dev.berth.model.ContainerdEvent(java.time.Instant.now(),
                service.namespace(), topic, subject, null)));
    }

    public long calls(String prefix) {
        return state.calls.stream().filter(c -> c.startsWith(prefix)).count();
    }
}
