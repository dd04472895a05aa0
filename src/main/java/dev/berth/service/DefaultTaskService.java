package dev.berth.service;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import containerd.services.containers.v1.Container;
import containerd.services.tasks.v1.WaitResponse;
import containerd.types.Metric;
import containerd.v1.types.Process;
import containerd.v1.types.Status;
import dev.berth.containerd.Protos;
import dev.berth.containerd.TasksApi;
import dev.berth.model.BerthException;
import dev.berth.model.Labels;
import dev.berth.model.StopOptions;
import dev.berth.model.Subscription;
import dev.berth.model.TaskInfo;
import dev.berth.model.TaskStats;
import dev.berth.model.TaskStatus;
import dev.berth.spec.RuntimeSpec;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.stream.Collectors;

final class DefaultTaskService implements TaskService {

    private static final Logger LOG = Logger.getLogger(DefaultTaskService.class.getName());
    /** After SIGKILL a task is expected to be gone within this. */
    static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);
    static final String CGROUPS_V1 = "io.containerd.cgroups.v1.Metrics";
    static final String CGROUPS_V2 = "io.containerd.cgroups.v2.Metrics";
    /** cgroup v1 reports "no memory limit" as the largest page-aligned counter (~2^63). */
    private static final long V1_UNLIMITED = 1L << 62;

    private final ServiceContext sc;

    DefaultTaskService(ServiceContext sc) {
        this.sc = sc;
    }

    private TasksApi tasks() {
        return sc.tasks();
    }

    @Override
    public List<TaskInfo> list() {
        return tasks().list().stream().map(TasksApi::info).sorted(Comparator.comparing(TaskInfo::containerId))
                .collect(Collectors.toList());
    }

    @Override
    public TaskInfo get(String containerId) {
        return TasksApi.info(getProcess(Validation.containerId(containerId)));
    }

    private Process getProcess(String id) {
        try {
            return tasks().get(id);
        } catch (BerthException.NotFound e) {
            throw new BerthException.NotFound("container " + id + " has no task", e);
        }
    }

    /** The container's task, or empty when it has none. */
    Optional<Process> find(String id) {
        try {
            return Optional.of(tasks().get(id));
        } catch (BerthException.NotFound e) {
            return Optional.empty();
        }
    }

    private Container container(String id) {
        return new DefaultContainerService(sc).getRecord(id);
    }

    // ---------------------------------------------------------------------------------------------
    // start

    @Override
    public TaskInfo start(String containerId) {
        String id = Validation.containerId(containerId);
        Container c = container(id);
        Optional<Process> old = find(id);
        if (old.isPresent()) {
            if (old.get().getStatus() != Status.STOPPED) {
                throw new BerthException.AlreadyExists("container " + id + " already has a "
                        + old.get().getStatus().name().toLowerCase() + " task");
            }
            removeStopped(id);
        }
        if (c.getSnapshotKey().isEmpty() || c.getSnapshotter().isEmpty()) {
            throw new BerthException.FailedPrecondition("container " + id + " has no snapshot to run on");
        }
        boolean terminal = terminal(c);
        Path log = logFile(c);
        if (!c.getLabelsMap().containsKey(Labels.LOG_PATH)) {
            // remember where this container's output goes, for every Berth that reads it later
            sc.containers().update(c.toBuilder().putLabels(Labels.LOG_PATH, log.toString()).build(),
                    "labels." + Labels.LOG_PATH);
        }
        try {
            Files.createDirectories(log.getParent());
        } catch (IOException e) {
            LOG.fine(() -> "cannot create " + log.getParent() + " (the shim will): " + e.getMessage());
        }
        List<containerd.types.Mount> rootfs = sc.snapshots().mounts(c.getSnapshotter(), c.getSnapshotKey());
        String out;
        String err;
        if (terminal) {
            // the runc shim (1.6, 1.7 and 2.1 alike) copies a terminal only to FIFOs or a logging binary,
            // not to file://: a small java process of Berth's own is that binary, appending to the same file
            try {
                out = TerminalLogCopier.logUri(log);
            } catch (IOException e) {
                throw new BerthException.FailedPrecondition("container " + id + " has a terminal (TTY), whose output "
                        + "Berth copies to its log with a java process, and that cannot be set up: " + e.getMessage(), e);
            }
            err = "";
        } else {
            out = fileUri(log);
            err = out;
        }
        try {
            tasks().create(id, rootfs, out, err, terminal);
        } catch (BerthException e) {
            if (!(e instanceof BerthException.AlreadyExists)) {
                // a create that failed (or was cancelled) half-way may have left a task behind
                removeQuietly(id, e);
            }
            throw e;
        }
        try {
            tasks().start(id);
        } catch (RuntimeException e) {
            removeQuietly(id, e);
            throw e;
        }
        return TasksApi.info(tasks().get(id));
    }

    /** Deletes a task that failed to start (even when the thread was interrupted); failures go to {@code cause}. */
    private void removeQuietly(String id, RuntimeException cause) {
        boolean interrupted = Thread.interrupted();
        try {
            tasks().delete(id);
        } catch (BerthException.NotFound ignored) {
            // never made
        } catch (RuntimeException cleanup) {
            cause.addSuppressed(cleanup);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean terminal(Container c) {
        if (!c.getSpec().getTypeUrl().endsWith("runtime-spec/1/Spec")) {
            return false;
        }
        try {
            return RuntimeSpec.parse(c.getSpec().getValue().toByteArray()).terminal();
        } catch (BerthException e) {
            return false;
        }
    }

    /** {@code file:///abs/path}, percent-encoded as Go's url.Parse reads it back. */
    static String fileUri(Path log) {
        try {
            return "file://" + new URI(null, null, log.toAbsolutePath().toString(), null).getRawPath();
        } catch (URISyntaxException e) {
            throw new BerthException.InvalidArgument("log path " + log + " cannot be made a URI", e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // stop, kill, pause, resume, delete

    @Override
    public TaskInfo stop(String containerId, StopOptions options) {
        String id = Validation.containerId(containerId);
        StopOptions o = options == null ? StopOptions.DEFAULTS : options;
        Integer given = o.signal() == null || o.signal().isBlank() ? null : Signals.parse(o.signal());
        Optional<Process> task = find(id);
        if (task.isEmpty()) {
            container(id); // a container without a task is stopped; no container at all is an error
            releaseNetwork(id);
            return gone(id);
        }
        if (task.get().getStatus() == Status.STOPPED) {
            releaseNetwork(id);
            return TasksApi.info(task.get());
        }
        int signal = given != null ? given : imageStopSignal(id);
        ListenableFuture<WaitResponse> exit = tasks().waitAsync(id);
        try {
            Status s = task.get().getStatus();
            if (s == Status.PAUSED || s == Status.PAUSING) {
                tasks().resume(id);
            }
            signal(id, signal, false);
            Optional<WaitResponse> done = awaitExit(exit, id, o.timeout());
            if (done.isEmpty()) {
                if (!o.force()) {
                    throw new BerthException.Timeout("task " + id + " did not stop within " + seconds(o.timeout())
                            + " after " + Signals.name(signal) + "; stop it with force to kill it");
                }
                LOG.fine(() -> "task " + id + " ignored " + Signals.name(signal) + " for " + seconds(o.timeout())
                        + "; sending SIGKILL");
                signal(id, Signals.SIGKILL, true);
                done = awaitExit(exit, id, KILL_TIMEOUT);
                if (done.isEmpty()) {
                    throw new BerthException.Timeout("task " + id + " did not exit within "
                            + seconds(KILL_TIMEOUT) + " after SIGKILL");
                }
            }
            releaseNetwork(id);
            return find(id).map(TasksApi::info).orElseGet(() -> gone(id));
        } catch (BerthException.NotFound e) {
            releaseNetwork(id);
            return gone(id);
        } finally {
            exit.cancel(true);
        }
    }

    /**
     * Tears down the container's CNI network once its task has exited, so no IP allocation, veth or
     * rule outlives the task (a no-op for a container without one). A failure is logged, not thrown:
     * the stop itself succeeded, and the next setup cleans a stale attachment.
     */
    void releaseNetwork(String id) {
        try {
            new DefaultNetworkService(sc).remove(id);
        } catch (RuntimeException e) {
            LOG.warning(() -> "could not remove the network of " + id + ": " + e.getMessage());
        }
    }

    private Optional<WaitResponse> awaitExit(ListenableFuture<WaitResponse> exit, String id, Duration timeout) {
        return tasks().awaitExit(exit, id, timeout);
    }

    /**
     * Sends a signal to a task that is being waited for. containerd answers NOT_FOUND ("process already
     * finished") or FAILED_PRECONDITION for a process that has just exited; the wait then has the exit,
     * and reports NOT_FOUND itself if the task is gone altogether.
     */
    private void signal(String id, int signal, boolean all) {
        try {
            tasks().kill(id, signal, all);
        } catch (BerthException.NotFound | BerthException.FailedPrecondition e) {
            LOG.fine(() -> "signal " + signal + " to " + id + ": " + e.getMessage());
        }
    }

    private int imageStopSignal(String id) {
        String label = container(id).getLabelsMap().get(Labels.STOP_SIGNAL);
        if (label == null || label.isBlank()) {
            return Signals.SIGTERM;
        }
        try {
            return Signals.parse(label);
        } catch (BerthException.InvalidArgument e) {
            LOG.warning(() -> "container " + id + " has an unknown stop signal " + label + "; using SIGTERM");
            return Signals.SIGTERM;
        }
    }

    private static TaskInfo gone(String id) {
        return new TaskInfo(id, 0, TaskStatus.STOPPED, null, null);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    @Override
    public void kill(String containerId, String signal, boolean all) {
        String id = Validation.containerId(containerId);
        int sig = Signals.parse(signal);
        try {
            tasks().kill(id, sig, all);
        } catch (BerthException.NotFound e) {
            throw new BerthException.NotFound("container " + id + " has no task", e);
        }
    }

    @Override
    public void pause(String containerId) {
        String id = Validation.containerId(containerId);
        getProcess(id);
        tasks().pause(id);
    }

    @Override
    public void resume(String containerId) {
        String id = Validation.containerId(containerId);
        getProcess(id);
        tasks().resume(id);
    }

    @Override
    public TaskInfo delete(String containerId, boolean force) {
        String id = Validation.containerId(containerId);
        Process p = getProcess(id);
        if (p.getStatus() != Status.STOPPED && !(p.getStatus() == Status.CREATED && p.getPid() == 0)) {
            if (!force) {
                throw new BerthException.FailedPrecondition("task " + id + " is " + p.getStatus().name().toLowerCase()
                        + "; stop it first, or delete it with force");
            }
            ListenableFuture<WaitResponse> exit = tasks().waitAsync(id);
            try {
                if (p.getStatus() == Status.PAUSED || p.getStatus() == Status.PAUSING) {
                    tasks().resume(id);
                }
                signal(id, Signals.SIGKILL, true);
                if (awaitExit(exit, id, KILL_TIMEOUT).isEmpty()) {
                    throw new BerthException.Timeout("task " + id + " did not exit within "
                            + seconds(KILL_TIMEOUT) + " after SIGKILL");
                }
            } catch (BerthException.NotFound e) {
                return gone(id);
            } finally {
                exit.cancel(true);
            }
        }
        return removeStopped(id);
    }

    /** Tasks.Delete of a task that has exited. */
    TaskInfo removeStopped(String id) {
        releaseNetwork(id);
        try {
            containerd.services.tasks.v1.DeleteResponse r = tasks().delete(id);
            return new TaskInfo(id, r.getPid(), TaskStatus.STOPPED, (int) r.getExitStatus(), Protos.instant(r.getExitedAt()));
        } catch (BerthException.NotFound e) {
            return gone(id);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // logs

    @Override
    public Path logFile(String containerId) {
        return logFile(container(Validation.containerId(containerId)));
    }

    private Path logFile(Container c) {
        String label = c.getLabelsMap().get(Labels.LOG_PATH);
        return label != null && label.startsWith("/") ? Path.of(label) : sc.logFile(c.getId());
    }

    @Override
    public List<String> logs(String containerId, int tailLines) {
        return TaskLogs.tail(logFile(containerId), tailLines);
    }

    @Override
    public Subscription followLogs(String containerId, int tailLines, Consumer<String> lines) {
        if (lines == null) {
            throw new BerthException.InvalidArgument("a consumer of log lines is needed");
        }
        return TaskLogs.follow(logFile(containerId), tailLines, lines, containerId);
    }

    // ---------------------------------------------------------------------------------------------
    // stats

    @Override
    public TaskStats stats(String containerId) {
        String id = Validation.containerId(containerId);
        List<Metric> metrics = tasks().metrics(id);
        if (metrics.isEmpty()) {
            throw new BerthException.NotFound("container " + id + " has no task");
        }
        Metric m = metrics.get(0);
        Instant at = Protos.instant(m.getTimestamp());
        return decode(id, at == null ? Instant.now() : at, m.getData());
    }

    /** Decodes a metrics payload by its type URL (containerd's have no {@code type.googleapis.com/} prefix). */
    static TaskStats decode(String id, Instant at, Any data) {
        String type = data.getTypeUrl().substring(data.getTypeUrl().lastIndexOf('/') + 1);
        try {
            if (type.equals(CGROUPS_V1)) {
                io.containerd.cgroups.v1.Metrics v1 = io.containerd.cgroups.v1.Metrics.parseFrom(data.getValue());
                long limit = v1.getMemory().getUsage().getLimit();
                long pidsLimit = v1.getPids().getLimit();
                return new TaskStats(id, at, 1, v1.getCpu().getUsage().getTotal(), v1.getCpu().getUsage().getUser(),
                        v1.getCpu().getUsage().getKernel(), v1.getMemory().getUsage().getUsage(),
                        limit <= 0 || limit >= V1_UNLIMITED ? null : limit, v1.getPids().getCurrent(),
                        pidsLimit <= 0 ? null : pidsLimit);
            }
            if (type.equals(CGROUPS_V2)) {
                io.containerd.cgroups.v2.Metrics v2 = io.containerd.cgroups.v2.Metrics.parseFrom(data.getValue());
                long limit = v2.getMemory().getUsageLimit();
                long pidsLimit = v2.getPids().getLimit();
                return new TaskStats(id, at, 2, v2.getCpu().getUsageUsec() * 1000, v2.getCpu().getUserUsec() * 1000,
                        v2.getCpu().getSystemUsec() * 1000, v2.getMemory().getUsage(),
                        limit <= 0 || limit == Long.MAX_VALUE ? null : limit, v2.getPids().getCurrent(),
                        pidsLimit <= 0 ? null : pidsLimit);
            }
        } catch (InvalidProtocolBufferException e) {
            throw new BerthException.Internal("containerd sent metrics of " + id + " that cannot be read", e);
        }
        throw new BerthException.Internal("containerd sent metrics of an unknown kind: " + data.getTypeUrl());
    }
}
