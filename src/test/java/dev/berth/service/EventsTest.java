package dev.berth.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.ContainerdEvent;
import dev.berth.model.Subscription;
import dev.berth.testenv.TestEnv;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** containerd's event stream, decoded (the envelope's proto package moved in 2.0; the wire did not). */
@Tag("compat")
class EventsTest {

    @Test
    void eventsOfThisNamespaceArriveDecoded() throws Exception {
        TestEnv env = TestEnv.get();
        String ns = "berth-it-events-" + UUID.randomUUID().toString().substring(0, 8);
        String other = ns + "-other";
        List<ContainerdEvent> events = new CopyOnWriteArrayList<>();
        AtomicReference<RuntimeException> ended = new AtomicReference<>();
        String image = env.registry() + "/test/busybox:1";
        try (DefaultContainerdService service = env.connect(ns);
             Subscription sub = service.events().subscribe(events::add, ended::set)) {
            Thread.sleep(200);
            env.ctr(other, "images", "pull", "--plain-http", image);
            env.ctr(ns, "images", "pull", "--plain-http", image);
            env.ctr(ns, "containers", "create", "--label", "x=1", image, "ev1");
            env.ctr(ns, "containers", "rm", "ev1");
            awaitTopic(events, "/containers/delete");
            System.out.println("events received: " + events.size() + " on containerd " + env.containerdVersion());
            assertThat(events).allMatch(e -> e.namespace().equals(ns), "only this namespace");
            assertThat(events).anyMatch(e -> e.topic().equals("/images/create") && e.subject().equals(image));
            assertThat(events).anyMatch(e -> e.topic().equals("/snapshot/commit") || e.topic().equals("/snapshot/prepare"));
            assertThat(events).anyMatch(e -> e.topic().equals("/containers/create") && e.subject().equals("ev1"));
            assertThat(events).anyMatch(e -> e.topic().equals("/containers/delete") && e.subject().equals("ev1"));
            assertThat(events).allMatch(e -> e.timestamp() != null);
            assertThat(ended.get()).isNull();
        } finally {
            removeImageAndNamespaces(env, image, ns, other);
        }
    }

    /** Waits up to 10 s for an event of {@code topic}. */
    private static void awaitTopic(List<ContainerdEvent> events, String topic) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && events.stream().noneMatch(e -> e.topic().equals(topic))) {
            Thread.sleep(50);
        }
    }

    private static void removeImageAndNamespaces(TestEnv env, String image, String... namespaces) {
        for (String n : namespaces) {
            env.ctr(n, "images", "rm", "--sync", image);
            env.ctr("default", "namespaces", "rm", n);
        }
    }

    @Test
    void oneStreamFollowsEveryNamespaceEachEventNamingItsOwn() throws Exception {
        TestEnv env = TestEnv.get();
        String ns = "berth-it-allev-" + UUID.randomUUID().toString().substring(0, 8);
        String other = ns + "-other";
        List<ContainerdEvent> events = new CopyOnWriteArrayList<>();
        AtomicReference<RuntimeException> ended = new AtomicReference<>();
        String image = env.registry() + "/test/busybox:1";
        try (DefaultContainerdService service = env.connect(ns);
             Subscription sub = service.events().subscribeAll(events::add, ended::set)) {
            Thread.sleep(200);
            env.ctr(ns, "images", "pull", "--plain-http", image);
            env.ctr(other, "images", "pull", "--plain-http", image);
            env.ctr(other, "containers", "create", image, "elsewhere1");
            awaitTopic(events, "/containers/create");
            assertThat(events).anyMatch(e -> e.namespace().equals(ns) && e.topic().equals("/images/create"));
            assertThat(events).anyMatch(e -> e.namespace().equals(other) && e.topic().equals("/images/create"));
            assertThat(events).anyMatch(e -> e.namespace().equals(other) && e.topic().equals("/containers/create")
                    && e.subject().equals("elsewhere1"));
            assertThat(ended.get()).isNull();
        } finally {
            env.ctr(other, "containers", "rm", "elsewhere1");
            removeImageAndNamespaces(env, image, ns, other);
        }
    }
}
