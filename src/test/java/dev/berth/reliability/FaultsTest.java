package dev.berth.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.containerd.ContentApi;
import dev.berth.model.BerthException;
import dev.berth.model.ContainerInfo;
import dev.berth.model.ContainerSpec;
import dev.berth.model.ContainerdEvent;
import dev.berth.model.CreateContainerRequest;
import dev.berth.model.ImageInfo;
import dev.berth.model.PullProgress;
import dev.berth.model.PullRequest;
import dev.berth.model.StopOptions;
import dev.berth.model.Subscription;
import dev.berth.model.TaskStatus;
import dev.berth.service.ContainerService;
import dev.berth.service.ServiceFaults;
import dev.berth.testenv.RegistryProxy;
import dev.berth.testenv.TestEnv;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Faults of the real environment: containerd stopped and started again (or killed) during a pull,
 * during a create and while a service and an event subscription are in use. The same service
 * object must work again by itself once containerd is back, a pull must resume when asked again,
 * and nothing half-made may stay in containerd.
 *
 * <p>Covered elsewhere and not repeated here: a CNI plugin that fails or hangs
 * ({@code NetworkTest.aFailingPluginIsAClearErrorAndLeavesNothing} and
 * {@code aHangingPluginTimesOutAndLeavesNothing}: a clear error, no allocation left); containerd
 * stopped while the console is open ({@code ConsoleE2ETest.aBannerWhileContainerdIsStoppedAndNoneOnceItIsBack}:
 * a banner, pull disabled, the banner gone and the lists back by themselves once it runs again); the
 * registry dying in the middle of a layer for the pull pipeline alone
 * ({@code PullIntegrationTest.interruptedPullResumesFromTheIngestOffset}; here through the service).
 */
class FaultsTest {

    static Namespace ns;

    @BeforeAll
    static void setUp() {
        ns = Namespace.open("faults");
    }

    @AfterAll
    static void tearDown() {
        if (ns != null) {
            ensureContainerdUp();
            ns.close();
        }
    }

    static void restart() {
        long t0 = System.nanoTime();
        ns.env.script("containerd-restart");
        System.out.printf("containerd restarted in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    /** SIGKILL to the test containerd (no graceful shutdown), as a crash would end it. */
    static void kill() {
        try {
            long pid = Long.parseLong(Files.readString(TestEnv.envDir().resolve("containerd.pid")).strip());
            ProcessHandle h = ProcessHandle.of(pid).orElseThrow();
            h.destroyForcibly();
            h.onExit().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("cannot kill the test containerd: " + e, e);
        }
    }

    static void start() {
        ns.env.script("containerd-start");
    }

    static void ensureContainerdUp() {
        try {
            start();
        } catch (RuntimeException e) {
            System.out.println("starting containerd again: " + e.getMessage());
        }
    }

    /**
     * The first call on the same service object after containerd is back; returns how long it took
     * until a call succeeded (the first call should; a few retries within seconds are tolerated and
     * reported).
     */
    static <T> Duration firstSuccess(String what, Supplier<T> call) {
        long t0 = System.nanoTime();
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                call.get();
                Duration d = Duration.ofNanos(System.nanoTime() - t0);
                System.out.printf("%s after containerd came back: ok at attempt %d, %d ms%n", what, attempts, d.toMillis());
                return d;
            } catch (BerthException e) {
                if (e.kind() != BerthException.Kind.UNAVAILABLE || System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(15)) {
                    throw new AssertionError(what + " still fails after containerd came back (" + attempts + " attempts): " + e, e);
                }
                System.out.printf("%s after containerd came back: attempt %d: %s%n", what, attempts, e.getMessage());
                sleep(100);
            }
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    // ============================================================================================ pull

    /**
     * containerd goes away a quarter into a layer, either stopped and started again by the test
     * environment ("restart") or SIGKILLed and started again a moment later ("kill", as a crash).
     */
    /** What a pull cut in the middle of its large layer left: its failure, its last progress, the layer's size, the proxy's port. */
    record CutPull(Throwable failure, PullProgress last, long layer, int port) {
    }

    interface Cut {
        void cut(RegistryProxy proxy) throws Exception;
    }

    /**
     * Pushes a one-layer image of 32 MB, pulls it through a throttled proxy in front of the registry,
     * runs {@code cut} once the layer is past 1/{@code divisor} of its size, and waits for the pull to end.
     */
    private static CutPull pullCutMidLayer(String repo, int divisor, String name, Cut cut) throws Exception {
        ns.env.script("push-random", repo, "1", "32");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<PullProgress> last = new AtomicReference<>();
        try (RegistryProxy proxy = new RegistryProxy(ns.env.registry()).throttle(8L << 20)) {
            CountDownLatch reached = new CountDownLatch(1);
            Thread t = new Thread(() -> {
                try {
                    ns.service.images().pull(PullRequest.of(proxy.hostPort() + "/" + repo), p -> {
                        last.set(p);
                        if (p.layers().stream().anyMatch(l -> l.size() > (16 << 20) && l.done() > l.size() / divisor)) {
                            reached.countDown();
                        }
                    });
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, name);
            t.start();
            assertThat(reached.await(60, TimeUnit.SECONDS)).as("the download got 1/%d of the way", divisor).isTrue();
            cut.cut(proxy);
            t.join(90_000);
            assertThat(t.isAlive()).as("the pull ended").isFalse();
            long layer = last.get().layers().stream().mapToLong(PullProgress.Layer::size).max().orElse(0);
            return new CutPull(failure.get(), last.get(), layer, proxy.port());
        }
    }

    /** Pulls repo again through a proxy at the cut pull's port: fewer bytes than the layer are served; then deletes it. */
    private static void resumeAndDelete(CutPull cut, String repo, String what) throws java.io.IOException {
        try (RegistryProxy proxy = new RegistryProxy(ns.env.registry(), cut.port())) {
            ImageInfo image = ns.service.images().pull(PullRequest.of(proxy.hostPort() + "/" + repo), p -> { });
            long served = proxy.blobBytesServed();
            System.out.printf("resumed pull after %s: layer %d bytes, %d served the second time%n", what, cut.layer(), served);
            assertThat(image.name()).endsWith(repo);
            assertThat(served).as("bytes served when asked again").isLessThan(cut.layer());
            ns.service.images().delete(image.name(), true);
        }
    }

    /**
     * containerd goes away a quarter into a layer, either stopped and started again by the test
     * environment ("restart") or SIGKILLed and started again a moment later ("kill", as a crash).
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "containerd {0} during a pull")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"restart", "kill"})
    void aPullCutByAContainerdRestartFailsClearlyAndResumesWhenAskedAgain(String how) throws Exception {
        String repo = "test/relfault:1";
        Namespace.State before = ns.state();
        CutPull cut = pullCutMidLayer(repo, 4, "pull-under-restart", proxy -> {
            if (how.equals("kill")) {
                kill();
                sleep(500);
                start();
            } else {
                restart();
            }
        });
        Throwable e = cut.failure();
        System.out.println("pull cut by containerd's " + how + ": " + e);
        assertThat(e).as("the pull failed").isInstanceOf(BerthException.class);
        assertThat(((BerthException) e).kind()).isIn(BerthException.Kind.UNAVAILABLE, BerthException.Kind.CANCELLED);
        Checks.clearMessage(e.getMessage(), e);
        assertThat(cut.last().phase()).isIn(PullProgress.Phase.FAILED, PullProgress.Phase.CANCELLED);

        // the same service object works again by itself
        firstSuccess("images list", () -> ns.service.images().list());
        assertThat(ns.service.images().list()).noneMatch(i -> i.name().contains("relfault"));
        long offset = new ContentApi(ns.api()).statuses().stream().mapToLong(s -> s.getOffset()).max().orElse(0);
        System.out.printf("after the restart: ingest offset %d of %d, leases %s%n", offset, cut.layer(), ns.state().leases());

        // asked again (the registry at the same address), the pull continues from what containerd kept
        resumeAndDelete(cut, repo, "containerd's " + how);
        assertThat(new ContentApi(ns.api()).statuses()).as("active ingests left").isEmpty();
        assertThat(ns.state()).as("nothing half-made after the pull").isEqualTo(before);
    }

    /**
     * The registry dies in the middle of a layer (the proxy in front of it closes every connection):
     * the pull through the service fails clearly and records no image; asked again once the registry
     * is back at the same address, it continues from what containerd kept, and in the end nothing is
     * left but what was there before.
     */
    @Test
    void aPullCutByADeadRegistryFailsClearlyAndResumesFromTheIngest() throws Exception {
        String repo = "test/relkill:1";
        Namespace.State before = ns.state();
        CutPull cut = pullCutMidLayer(repo, 3, "pull-registry-dies", RegistryProxy::close);
        Throwable e = cut.failure();
        System.out.println("pull cut by the registry's death: " + e);
        assertThat(e).as("the pull failed").isInstanceOf(BerthException.class);
        assertThat(((BerthException) e).kind()).isIn(BerthException.Kind.UNAVAILABLE, BerthException.Kind.REGISTRY);
        Checks.clearMessage(e.getMessage(), e);
        assertThat(cut.last().phase()).isEqualTo(PullProgress.Phase.FAILED);
        assertThat(ns.service.images().list()).as("no image recorded").noneMatch(i -> i.name().contains("relkill"));
        long offset = new ContentApi(ns.api()).statuses().stream().mapToLong(s -> s.getOffset()).max().orElse(0);
        System.out.printf("after the registry died: ingest offset %d of %d, leases %s%n", offset, cut.layer(), ns.state().leases());
        assertThat(offset).as("the partial download kept for a resume").isPositive();

        resumeAndDelete(cut, repo, "the registry came back");
        assertThat(new ContentApi(ns.api()).statuses()).as("active ingests left").isEmpty();
        assertThat(ns.state()).as("nothing half-made after the pull").isEqualTo(before);
    }

    // ============================================================================================ create

    /**
     * containerd is killed (SIGKILL) right before each step of a create and started again a moment
     * later: the create fails clearly, and once containerd is back nothing it made is left: no
     * container, no snapshot, no lease. The image was pulled first, as a create of a missing image
     * pulls it.
     */
    @Test
    void aCreateCutByAKilledContainerdLeavesNothingOnceItIsBack() {
        String image = ns.image("busybox:1");
        ns.service.images().pull(PullRequest.of(image), p -> { });
        Namespace.State before = ns.state();
        List<String> report = new ArrayList<>();
        for (String step : List.of("CREATE_LEASE", "PREPARE_SNAPSHOT", "READ_MOUNTS", "CREATE_CONTAINER", "RELEASE_LEASE")) {
            String id = "fault-" + step.toLowerCase().replace('_', '-');
            CompletableFuture<?>[] restart = new CompletableFuture<?>[1];
            ContainerService containers = ServiceFaults.containers(ns.service, s -> {
                if (s.equals(step)) {
                    kill();
                    // back a moment later, while the create is failing and cleaning up
                    restart[0] = CompletableFuture.runAsync(() -> {
                        sleep(500);
                        start();
                    });
                }
            });
            BerthException failed = null;
            ContainerInfo made = null;
            try {
                made = containers.create(CreateContainerRequest.of(id, image), null);
            } catch (BerthException e) {
                failed = e;
            }
            restart[0].join();
            firstSuccess("containers list (" + step + ")", () -> ns.service.containers().list());
            Namespace.State after = ns.state();
            report.add(String.format("%-16s %s; left: %s", step, failed == null ? "created" : failed.kind() + ": " + failed.getMessage(), after));
            if (made != null) {
                // a create that went through is whole: container, its snapshot, no lease
                assertThat(after.containers()).contains(id);
                assertThat(after.snapshots()).contains(id);
                assertThat(after.leases()).isEmpty();
                ns.service.containers().delete(id, true, false);
            } else {
                Checks.clearMessage(failed.getMessage(), failed);
                assertThat(failed.kind()).as("kind of the failure at " + step).isIn(BerthException.Kind.UNAVAILABLE,
                        BerthException.Kind.CANCELLED, BerthException.Kind.TIMEOUT);
            }
            assertThat(ns.state()).as("after a create cut at " + step).isEqualTo(before);
        }
        report.forEach(l -> System.out.println("create cut at " + l));
    }

    /** containerd restarted between two calls: the same service creates, starts and stops as if nothing happened. */
    @Test
    void aServiceInUseWorksAgainAfterARestartAndItsRunningTaskSurvives() {
        String image = ns.image("busybox:1");
        ns.service.images().pull(PullRequest.of(image), p -> { });
        Namespace.State before = ns.state();
        String id = "fault-live";
        ns.service.containers().create(CreateContainerRequest.of(id, image).withSpec(ContainerSpec.IMAGE_DEFAULTS
                .withCommand(List.of("/bin/sh", "-c", "trap 'exit 0' TERM; while :; do sleep 0.1; done"))), null);
        ns.service.tasks().start(id);
        long pid = ns.service.tasks().get(id).pid();
        restart();
        Duration d = firstSuccess("tasks get", () -> ns.service.tasks().get(id));
        assertThat(d).as("time until the first call after the restart worked").isLessThan(Duration.ofSeconds(10));
        assertThat(ns.service.tasks().get(id).status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(ns.service.tasks().get(id).pid()).as("the shim and the task survived").isEqualTo(pid);
        assertThat(ns.service.tasks().stop(id, new StopOptions("SIGTERM", Duration.ofSeconds(10), true)).exitStatus()).isZero();
        ns.service.containers().delete(id, true, false);
        assertThat(ns.state()).isEqualTo(before);
    }

    // ============================================================================================ events

    @Test
    void anEventSubscriptionEndsWithAnErrorOnARestartAndANewOneWorks() throws Exception {
        List<ContainerdEvent> events = new CopyOnWriteArrayList<>();
        CompletableFuture<RuntimeException> ended = new CompletableFuture<>();
        try (Subscription s = ns.service.events().subscribe(events::add, e -> ended.complete(e))) {
            sleep(200);
            restart();
            RuntimeException end = ended.get(20, TimeUnit.SECONDS);
            System.out.println("subscription ended with: " + end);
            assertThat(end).as("the subscription ends with an error, not silently").isInstanceOf(BerthException.class);
            assertThat(((BerthException) end).kind()).isEqualTo(BerthException.Kind.UNAVAILABLE);
            Checks.clearMessage(end.getMessage(), end);
        }
        firstSuccess("namespaces list", () -> ns.service.namespaces().list());
        List<ContainerdEvent> again = new CopyOnWriteArrayList<>();
        AtomicReference<RuntimeException> endedAgain = new AtomicReference<>();
        try (Subscription s = ns.service.events().subscribe(again::add, endedAgain::set)) {
            sleep(200);
            String key = "fault-event-" + System.nanoTime();
            ns.service.snapshots().prepare(null, key, null, java.util.Map.of());
            ns.service.snapshots().remove(null, key);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline && again.stream().noneMatch(e -> e.subject().equals(key) && e.topic().contains("remove"))) {
                sleep(50);
            }
            assertThat(again).as("events of the new subscription").anyMatch(e -> e.subject().equals(key));
            assertThat(endedAgain.get()).isNull();
        }
    }
}
