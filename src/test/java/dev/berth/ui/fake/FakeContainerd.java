package dev.berth.ui.fake;

import dev.berth.model.BerthException;
import dev.berth.model.CommitVersionRequest;
import dev.berth.model.ContainerInfo;
import dev.berth.model.ContainerdEvent;
import dev.berth.model.CreateContainerRequest;
import dev.berth.model.DaemonInfo;
import dev.berth.model.ImageCheck;
import dev.berth.model.ImageInfo;
import dev.berth.model.MountInfo;
import dev.berth.model.NamespaceInfo;
import dev.berth.model.PullProgress;
import dev.berth.model.PullRequest;
import dev.berth.model.SnapshotInfo;
import dev.berth.model.SnapshotKind;
import dev.berth.model.SnapshotNode;
import dev.berth.model.SnapshotUsage;
import dev.berth.model.StopOptions;
import dev.berth.model.Subscription;
import dev.berth.model.TaskInfo;
import dev.berth.model.TaskStats;
import dev.berth.model.TaskStatus;
import dev.berth.model.VersionChange;
import dev.berth.model.VersionInfo;
import dev.berth.service.ContainerService;
import dev.berth.service.ContainerdService;
import dev.berth.service.EventService;
import dev.berth.service.ImageService;
import dev.berth.service.NamespaceService;
import dev.berth.service.NetworkService;
import dev.berth.service.SnapshotService;
import dev.berth.service.TaskService;
import dev.berth.service.VersionService;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A hand-written in-memory containerd for view-model tests (never for service or integration
 * tests): namespaces hold images, containers, tasks and snapshots; every call is recorded; the next
 * call can be made to fail; events are fired by the test.
 */
public final class FakeContainerd implements ContainerdService {

    /** What all namespaces share (the "daemon"). */
    public static final class State {
        public final Map<String, Ns> namespaces = new LinkedHashMap<>();
        public final List<String> calls = new CopyOnWriteArrayList<>();
        public final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
        public RuntimeException failNext;
        public RuntimeException failAlways;
        public List<PullProgress> pullScript = new ArrayList<>();
        public ImageCheck checkResult;
        public CreateContainerRequest lastCreate;
        public boolean closed;
        public volatile int closeCount;

        public Ns ns(String name) {
            return namespaces.computeIfAbsent(name, n -> new Ns());
        }

        void call(String what) {
            calls.add(what);
            if (failAlways != null) {
                throw failAlways;
            }
            RuntimeException f = failNext;
            if (f != null) {
                failNext = null;
                throw f;
            }
        }

        /** Delivers an event to every subscriber of {@code namespace} and of all namespaces. */
        public void fire(String namespace, String topic, String subject) {
            ContainerdEvent e = new ContainerdEvent(Instant.now(), namespace, topic, subject, null);
            for (Subscriber s : subscribers) {
                if ((s.namespace == null || s.namespace.equals(namespace)) && !s.closed) {
                    s.onEvent.accept(e);
                }
            }
        }

        /** Ends every open event stream with {@code error} (containerd went away). */
        public void endStreams(RuntimeException error) {
            for (Subscriber s : subscribers) {
                if (!s.closed) {
                    s.closed = true;
                    s.onEnd.accept(error);
                }
            }
        }
    }

    /** One namespace's objects. */
    public static final class Ns {
        public final Map<String, ImageInfo> images = synced();
        public final Map<String, ContainerInfo> containers = synced();
        public final Map<String, TaskInfo> tasks = synced();
        public final Map<String, SnapshotInfo> snapshots = synced();
        public final Map<String, List<String>> logs = synced();

        private static <V> Map<String, V> synced() {
            return java.util.Collections.synchronizedMap(new LinkedHashMap<>());
        }
    }

    /** A copy of a map's values, taken under its lock (tests change the maps while the UI loads). */
    static <V> List<V> values(Map<String, V> map) {
        synchronized (map) {
            return new ArrayList<>(map.values());
        }
    }

    /** An open event subscription. */
    public static final class Subscriber {
        final String namespace;
        final Consumer<ContainerdEvent> onEvent;
        final Consumer<RuntimeException> onEnd;
        public boolean closed;

        Subscriber(String namespace, Consumer<ContainerdEvent> onEvent, Consumer<RuntimeException> onEnd) {
            this.namespace = namespace;
            this.onEvent = onEvent;
            this.onEnd = onEnd;
        }
    }

    public final State state;
    private final String namespace;

    public FakeContainerd(State state, String namespace) {
        this.state = state;
        this.namespace = namespace;
        state.ns(namespace);
    }

    public FakeContainerd() {
        this(new State(), "default");
    }

    public Ns ns() {
        return state.ns(namespace);
    }

    // ---- builders for tests

    public static ImageInfo image(String name, String digest) {
        return new ImageInfo(name, "application/vnd.oci.image.manifest.v1+json", digest, 1_234_567, "linux/amd64",
                Instant.parse("2026-11-01T10:00:00Z"), Instant.parse("2026-11-01T10:00:00Z"), Map.of());
    }

    public static ContainerInfo container(String id, String image) {
        return new ContainerInfo(id, image, Map.of("app", id), "overlayfs", id, "io.containerd.runc.v2",
                Instant.parse("2026-11-02T10:00:00Z"), Instant.parse("2026-11-02T10:00:00Z"),
                "{\"process\":{\"args\":[\"sh\",\"-c\",\"echo hi; sleep 600\"],\"env\":[\"PATH=/bin\"],\"cwd\":\"/\","
                        + "\"user\":{\"uid\":0,\"gid\":0},\"terminal\":false},\"hostname\":\"" + id + "\","
                        + "\"mounts\":[{\"destination\":\"/proc\",\"type\":\"proc\",\"source\":\"proc\"}]}");
    }

    public static TaskInfo task(String id, TaskStatus status) {
        return new TaskInfo(id, status == TaskStatus.STOPPED ? 0 : 4242, status,
                status == TaskStatus.STOPPED ? 0 : null, status == TaskStatus.STOPPED ? Instant.now() : null);
    }

    public FakeContainerd withImage(String name) {
        ns().images.put(name, image(name, "sha256:" + Integer.toHexString(name.hashCode()) + "00000000000000"));
        return this;
    }

    public FakeContainerd withContainer(String id, String image, TaskStatus status) {
        ns().containers.put(id, container(id, image));
        ns().snapshots.put(id, new SnapshotInfo("overlayfs", id, "sha256:layer1", SnapshotKind.ACTIVE,
                Instant.now(), Instant.now(), Map.of()));
        ns().snapshots.putIfAbsent("sha256:layer1", new SnapshotInfo("overlayfs", "sha256:layer1", "",
                SnapshotKind.COMMITTED, Instant.now(), Instant.now(), Map.of()));
        if (status != null) {
            ns().tasks.put(id, task(id, status));
        }
        return this;
    }

    // ---- ContainerdService

    @Override
    public DaemonInfo daemon() {
        return new DaemonInfo("/run/fake.sock", "1.6.20~ds1", "fake", List.of("overlayfs", "native"),
                Set.of("tasks", "images", "containers"));
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public ContainerdService withNamespace(String ns) {
        return new FakeContainerd(state, ns);
    }

    @Override
    public NamespaceService namespaces() {
        return new NamespaceService() {
            @Override
            public List<NamespaceInfo> list() {
                state.call("namespaces.list");
                return state.namespaces.keySet().stream().map(n -> new NamespaceInfo(n, Map.of())).toList();
            }

            @Override
            public void create(String name) {
                state.call("namespaces.create " + name);
                state.ns(name);
            }

            @Override
            public void delete(String name) {
                state.call("namespaces.delete " + name);
                state.namespaces.remove(name);
            }
        };
    }

    @Override
    public ImageService images() {
        return new ImageService() {
            @Override
            public List<ImageInfo> list() {
                state.call("images.list");
                return values(ns().images).stream().sorted(Comparator.comparing(ImageInfo::name)).toList();
            }

            @Override
            public ImageInfo get(String reference) {
                state.call("images.get " + reference);
                ImageInfo i = ns().images.get(reference);
                if (i == null) {
                    throw new BerthException.NotFound("image " + reference + " not found");
                }
                return i;
            }

            @Override
            public ImageInfo pull(PullRequest request, Consumer<PullProgress> progress) {
                state.call("images.pull " + request.reference());
                for (PullProgress p : state.pullScript) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new BerthException.Cancelled("pull cancelled");
                    }
                    progress.accept(p);
                }
                ImageInfo i = image(request.reference(), "sha256:feed0000000000000000");
                ns().images.put(i.name(), i);
                return i;
            }

            @Override
            public void delete(String reference, boolean sync) {
                state.call("images.delete " + reference);
                if (ns().images.remove(reference) == null) {
                    throw new BerthException.NotFound("image " + reference + " not found");
                }
            }

            @Override
            public ImageCheck check(String reference, boolean insecure) {
                state.call("images.check " + reference);
                if (state.checkResult != null) {
                    return state.checkResult;
                }
                ImageInfo i = ns().images.get(reference);
                return new ImageCheck(reference, i == null ? null : i.digest(), i == null ? "sha256:x" : i.digest());
            }
        };
    }

    @Override
    public ContainerService containers() {
        return new ContainerService() {
            @Override
            public List<ContainerInfo> list() {
                state.call("containers.list");
                // as the real service: lists carry no runtime specs (get does)
                return values(ns().containers).stream().sorted(Comparator.comparing(ContainerInfo::id))
                        .map(c -> new ContainerInfo(c.id(), c.image(), c.labels(), c.snapshotter(), c.snapshotKey(),
                                c.runtime(), c.createdAt(), c.updatedAt(), ""))
                        .toList();
            }

            @Override
            public List<ContainerInfo> listByLabel(String key, String value) {
                state.call("containers.listByLabel " + key);
                return list().stream().filter(c -> c.labels().containsKey(key)
                        && (value == null || value.isEmpty() || value.equals(c.labels().get(key)))).toList();
            }

            @Override
            public ContainerInfo get(String id) {
                state.call("containers.get " + id);
                ContainerInfo c = ns().containers.get(id);
                if (c == null) {
                    throw new BerthException.NotFound("container " + id + " not found");
                }
                return c;
            }

            @Override
            public ContainerInfo create(CreateContainerRequest request, Consumer<PullProgress> progress) {
                state.call("containers.create " + request.id());
                if (ns().containers.containsKey(request.id())) {
                    throw new BerthException.AlreadyExists("container " + request.id() + " already exists");
                }
                if (!ns().images.containsKey(request.image())) {
                    state.pullScript.forEach(progress);
                    ns().images.put(request.image(), image(request.image(), "sha256:beef000000000000"));
                }
                ContainerInfo c = container(request.id(), request.image());
                ns().containers.put(c.id(), c);
                state.lastCreate = request;
                return c;
            }

            @Override
            public void delete(String id, boolean cleanupSnapshot, boolean force) {
                state.call("containers.delete " + id + (force ? " force" : ""));
                TaskInfo t = ns().tasks.get(id);
                if (t != null && t.status().isAlive() && !force) {
                    throw new BerthException.FailedPrecondition("container " + id + " has a live task");
                }
                ns().tasks.remove(id);
                if (ns().containers.remove(id) == null) {
                    throw new BerthException.NotFound("container " + id + " not found");
                }
            }
        };
    }

    @Override
    public TaskService tasks() {
        return new TaskService() {
            @Override
            public List<TaskInfo> list() {
                state.call("tasks.list");
                return values(ns().tasks).stream().sorted(Comparator.comparing(TaskInfo::containerId)).toList();
            }

            @Override
            public TaskInfo get(String id) {
                state.call("tasks.get " + id);
                TaskInfo t = ns().tasks.get(id);
                if (t == null) {
                    throw new BerthException.NotFound("task " + id + " not found");
                }
                return t;
            }

            @Override
            public TaskInfo start(String id) {
                state.call("tasks.start " + id);
                TaskInfo t = task(id, TaskStatus.RUNNING);
                ns().tasks.put(id, t);
                return t;
            }

            @Override
            public TaskInfo stop(String id, StopOptions options) {
                state.call("tasks.stop " + id + " " + options.timeout().getSeconds() + (options.force() ? " force" : ""));
                TaskInfo t = task(id, TaskStatus.STOPPED);
                ns().tasks.put(id, t);
                return t;
            }

            @Override
            public void kill(String id, String signal, boolean all) {
                state.call("tasks.kill " + id + " " + signal);
                ns().tasks.put(id, task(id, TaskStatus.STOPPED));
            }

            @Override
            public void pause(String id) {
                state.call("tasks.pause " + id);
                ns().tasks.put(id, task(id, TaskStatus.PAUSED));
            }

            @Override
            public void resume(String id) {
                state.call("tasks.resume " + id);
                ns().tasks.put(id, task(id, TaskStatus.RUNNING));
            }

            @Override
            public TaskInfo delete(String id, boolean force) {
                state.call("tasks.delete " + id);
                TaskInfo t = ns().tasks.remove(id);
                return t == null ? task(id, TaskStatus.STOPPED) : t;
            }

            @Override
            public Path logFile(String id) {
                return Path.of("/var/lib/berth/logs/" + namespace + "/" + id + ".log");
            }

            @Override
            public List<String> logs(String id, int tailLines) {
                state.call("tasks.logs " + id + " " + tailLines);
                List<String> all = ns().logs.getOrDefault(id, List.of());
                return tailLines < 0 || tailLines >= all.size() ? all : all.subList(all.size() - tailLines, all.size());
            }

            @Override
            public Subscription followLogs(String id, int tailLines, Consumer<String> lines) {
                state.call("tasks.followLogs " + id + " " + tailLines);
                logs(id, tailLines).forEach(lines);
                followers.add(lines);
                return () -> followers.remove(lines);
            }

            @Override
            public TaskStats stats(String id) {
                state.call("tasks.stats " + id);
                TaskInfo t = ns().tasks.get(id);
                if (t == null || !t.status().isAlive()) {
                    throw new BerthException.NotFound("task " + id + " not found");
                }
                statsCalls++;
                return new TaskStats(id, Instant.ofEpochSecond(1_000 + statsCalls), 2, statsCalls * 500_000_000L, 0, 0,
                        10_000_000L * statsCalls, 512_000_000L, 3, null);
            }
        };
    }

    /** Log followers of this fake (the test writes lines to them). */
    public final List<Consumer<String>> followers = new CopyOnWriteArrayList<>();
    private int statsCalls;

    @Override
    public SnapshotService snapshots() {
        return new SnapshotService() {
            @Override
            public String defaultSnapshotter() {
                return "overlayfs";
            }

            @Override
            public List<SnapshotInfo> list(String snapshotter) {
                state.call("snapshots.list " + snapshotter);
                return values(ns().snapshots).stream()
                        .filter(s -> snapshotter == null || s.snapshotter().equals(snapshotter))
                        .sorted(Comparator.comparing(SnapshotInfo::name)).toList();
            }

            @Override
            public List<SnapshotNode> tree(String snapshotter) {
                state.call("snapshots.tree " + snapshotter);
                List<SnapshotInfo> all = values(ns().snapshots).stream()
                        .filter(s -> snapshotter == null || s.snapshotter().equals(snapshotter)).toList();
                return all.stream().filter(s -> s.parent().isEmpty()).sorted(Comparator.comparing(SnapshotInfo::name))
                        .map(s -> node(s, all)).toList();
            }

            private SnapshotNode node(SnapshotInfo s, List<SnapshotInfo> all) {
                return new SnapshotNode(s, users(s.name()), all.stream().filter(c -> c.parent().equals(s.name()))
                        .sorted(Comparator.comparing(SnapshotInfo::name)).map(c -> node(c, all)).toList());
            }

            @Override
            public SnapshotInfo get(String snapshotter, String key) {
                state.call("snapshots.get " + key);
                return snapshot(key);
            }

            @Override
            public SnapshotUsage usage(String snapshotter, String key) {
                state.call("snapshots.usage " + key);
                snapshot(key);
                return new SnapshotUsage("overlayfs", key, 4096L * (1 + Math.abs(key.hashCode() % 1000)), 7);
            }

            @Override
            public List<MountInfo> mounts(String snapshotter, String key) {
                state.call("snapshots.mounts " + key);
                return List.of(new MountInfo("overlay", "overlay", "", List.of("lowerdir=/a", "upperdir=/b")));
            }

            @Override
            public SnapshotInfo commit(String snapshotter, String name, String key, Map<String, String> labels) {
                state.call("snapshots.commit " + name + " " + key);
                dev.berth.service.Validation.snapshotName("snapshot name", name);
                SnapshotInfo a = snapshot(key);
                if (!users(key).isEmpty()) {
                    throw new BerthException.FailedPrecondition("snapshot " + key + " is the root filesystem of container "
                            + users(key).get(0));
                }
                if (ns().snapshots.containsKey(name)) {
                    throw new BerthException.AlreadyExists("snapshot " + name + " already exists");
                }
                ns().snapshots.remove(key);
                SnapshotInfo c = new SnapshotInfo(a.snapshotter(), name, a.parent(), SnapshotKind.COMMITTED, Instant.now(),
                        Instant.now(), labels);
                ns().snapshots.put(name, c);
                return c;
            }

            @Override
            public SnapshotInfo prepare(String snapshotter, String key, String parent, Map<String, String> labels) {
                state.call("snapshots.prepare " + key + " " + parent);
                dev.berth.service.Validation.snapshotName("snapshot key", key);
                if (ns().snapshots.containsKey(key)) {
                    throw new BerthException.AlreadyExists("snapshot " + key + " already exists");
                }
                SnapshotInfo a = new SnapshotInfo("overlayfs", key, parent == null ? "" : parent, SnapshotKind.ACTIVE,
                        Instant.now(), Instant.now(), labels);
                ns().snapshots.put(key, a);
                return a;
            }

            @Override
            public void remove(String snapshotter, String key) {
                state.call("snapshots.remove " + key);
                snapshot(key);
                if (!users(key).isEmpty()) {
                    throw new BerthException.FailedPrecondition("snapshot " + key + " is the root filesystem of container "
                            + users(key).get(0) + "; delete the container first");
                }
                if (values(ns().snapshots).stream().anyMatch(c -> c.parent().equals(key))) {
                    throw new BerthException.FailedPrecondition("snapshot " + key + " has children; remove those first");
                }
                ns().snapshots.remove(key);
            }
        };
    }

    private SnapshotInfo snapshot(String key) {
        SnapshotInfo s = ns().snapshots.get(key);
        if (s == null) {
            throw new BerthException.NotFound("snapshot " + key + " not found");
        }
        return s;
    }

    private List<String> users(String key) {
        return values(ns().containers).stream().filter(c -> c.snapshotKey().equals(key)).map(ContainerInfo::id)
                .sorted().toList();
    }

    /** Versions as the real service makes them: the active snapshot committed, a new one under the same key. */
    @Override
    public VersionService versions() {
        return new VersionService() {
            @Override
            public VersionChange commit(CommitVersionRequest request) {
                state.call("versions.commit " + request.containerId() + " " + request.name()
                        + (request.stopTask() ? " stop" : ""));
                ContainerInfo c = containers().get(request.containerId());
                TaskInfo t = ns().tasks.get(c.id());
                boolean live = t != null && t.status().isAlive();
                if (live && !request.stopTask()) {
                    throw new BerthException.FailedPrecondition("container " + c.id() + " is running; stop it first");
                }
                String name = request.name() == null || request.name().isBlank()
                        ? c.id() + "-v" + (++versionCounter) : request.name();
                Map<String, String> labels = new LinkedHashMap<>(request.labels());
                labels.put(dev.berth.model.Labels.GC_ROOT, "now");
                labels.put(dev.berth.model.Labels.VERSION_OF, c.id());
                VersionInfo v = replace(c, name, labels, name);
                return new VersionChange(c.id(), v, name, live, null);
            }

            @Override
            public List<VersionInfo> list(String containerId) {
                state.call("versions.list " + containerId);
                ContainerInfo c = containers().get(containerId);
                SnapshotInfo active = ns().snapshots.get(c.snapshotKey());
                java.util.Set<String> chain = new java.util.HashSet<>();
                for (String p = active == null ? "" : active.parent(); !p.isEmpty(); ) {
                    chain.add(p);
                    SnapshotInfo s = ns().snapshots.get(p);
                    p = s == null ? "" : s.parent();
                }
                return values(ns().snapshots).stream()
                        .filter(s -> containerId.equals(s.labels().get(dev.berth.model.Labels.VERSION_OF)))
                        .sorted(Comparator.comparing(SnapshotInfo::createdAt).reversed()
                                .thenComparing(SnapshotInfo::name, Comparator.reverseOrder()))
                        .map(s -> version(s, chain.contains(s.name()), active != null && active.parent().equals(s.name())))
                        .toList();
            }

            @Override
            public VersionChange rollback(String containerId, String version, StopOptions stop) {
                state.call("versions.rollback " + containerId + " " + version);
                ContainerInfo c = containers().get(containerId);
                snapshot(version);
                TaskInfo t = ns().tasks.get(c.id());
                boolean live = t != null && t.status().isAlive();
                String keep = c.id() + "-v" + (++versionCounter);
                Map<String, String> labels = new LinkedHashMap<>();
                labels.put(dev.berth.model.Labels.GC_ROOT, "now");
                labels.put(dev.berth.model.Labels.VERSION_OF, c.id());
                labels.put(dev.berth.model.Labels.VERSION_NOTE, "before rollback to " + version);
                VersionInfo kept = replace(c, keep, labels, version);
                return new VersionChange(c.id(), kept, version, live, null);
            }

            @Override
            public void delete(String containerId, String version) {
                state.call("versions.delete " + containerId + " " + version);
                SnapshotInfo v = snapshot(version);
                if (values(ns().snapshots).stream().anyMatch(s -> s.parent().equals(version))) {
                    throw new BerthException.FailedPrecondition("version " + version + " cannot be deleted: something is "
                            + "built on it");
                }
                ns().snapshots.remove(v.name());
            }
        };
    }

    private int versionCounter;

    private VersionInfo replace(ContainerInfo c, String keep, Map<String, String> labels, String base) {
        SnapshotInfo a = snapshot(c.snapshotKey());
        ns().snapshots.remove(a.name());
        Instant at = Instant.ofEpochSecond(2_000_000_000L + versionCounter);
        SnapshotInfo kept = new SnapshotInfo(a.snapshotter(), keep, a.parent(), SnapshotKind.COMMITTED, at, at, labels);
        ns().snapshots.put(keep, kept);
        ns().snapshots.put(a.name(), new SnapshotInfo(a.snapshotter(), a.name(), base, SnapshotKind.ACTIVE, at, at,
                a.labels()));
        TaskInfo t = ns().tasks.get(c.id());
        if (t != null && t.status().isAlive()) {
            ns().tasks.put(c.id(), task(c.id(), TaskStatus.RUNNING));
        }
        return version(kept, base.equals(keep), base.equals(keep));
    }

    private static VersionInfo version(SnapshotInfo s, boolean inChain, boolean current) {
        return new VersionInfo(s.name(), s.labels().get(dev.berth.model.Labels.VERSION_OF), s.snapshotter(), s.parent(),
                s.createdAt(), s.labels(), 4096L * (1 + Math.abs(s.name().hashCode() % 100)), 12, inChain, current,
                s.labels().get(dev.berth.model.Labels.VERSION_NOTE));
    }

    @Override
    public NetworkService network() {
        return new NetworkService() {
            @Override
            public String setup(String id) {
                state.call("network.setup " + id);
                TaskInfo t = ns().tasks.get(id);
                if (t == null || t.status() != TaskStatus.RUNNING) {
                    throw new BerthException.FailedPrecondition("container " + id + " has no running task");
                }
                String ip = "10.88.0." + (2 + Math.abs(id.hashCode() % 200));
                relabel(id, ip);
                return ip;
            }

            @Override
            public void remove(String id) {
                state.call("network.remove " + id);
                relabel(id, null);
            }

            @Override
            public java.util.Optional<String> ip(String id) {
                ContainerInfo c = ns().containers.get(id);
                return c == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(c.ip());
            }
        };
    }

    private void relabel(String id, String ip) {
        ContainerInfo c = ns().containers.get(id);
        if (c == null) {
            return;
        }
        Map<String, String> labels = new LinkedHashMap<>(c.labels());
        if (ip == null) {
            labels.remove(dev.berth.model.Labels.IP);
        } else {
            labels.put(dev.berth.model.Labels.IP, ip);
        }
        ns().containers.put(id, new ContainerInfo(c.id(), c.image(), labels, c.snapshotter(), c.snapshotKey(),
                c.runtime(), c.createdAt(), c.updatedAt(), c.specJson()));
    }

    @Override
    public EventService events() {
        return new EventService() {
            @Override
            public Subscription subscribe(Consumer<ContainerdEvent> onEvent, Consumer<RuntimeException> onEnd) {
                state.call("events.subscribe " + namespace);
                Subscriber s = new Subscriber(namespace, onEvent, onEnd);
                state.subscribers.add(s);
                return () -> s.closed = true;
            }

            @Override
            public Subscription subscribeAll(Consumer<ContainerdEvent> onEvent, Consumer<RuntimeException> onEnd) {
                state.call("events.subscribe *");
                Subscriber s = new Subscriber(null, onEvent, onEnd);
                state.subscribers.add(s);
                return () -> s.closed = true;
            }
        };
    }

    @Override
    public void close() {
        state.closed = true;
        state.closeCount++;
    }
}
