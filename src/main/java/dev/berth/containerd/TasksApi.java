package dev.berth.containerd;

import containerd.services.tasks.v1.CreateTaskRequest;
import containerd.services.tasks.v1.CreateTaskResponse;
import containerd.services.tasks.v1.DeleteResponse;
import containerd.services.tasks.v1.DeleteTaskRequest;
import containerd.services.tasks.v1.GetRequest;
import containerd.services.tasks.v1.KillRequest;
import containerd.services.tasks.v1.ListTasksRequest;
import containerd.services.tasks.v1.MetricsRequest;
import containerd.services.tasks.v1.PauseTaskRequest;
import containerd.services.tasks.v1.ResumeTaskRequest;
import containerd.services.tasks.v1.StartRequest;
import containerd.services.tasks.v1.TasksGrpc;
import containerd.services.tasks.v1.WaitRequest;
import containerd.services.tasks.v1.WaitResponse;
import containerd.types.Metric;
import containerd.types.Mount;
import containerd.v1.types.Process;
import dev.berth.model.TaskInfo;
import dev.berth.model.TaskStatus;
import com.google.common.util.concurrent.ListenableFuture;
import dev.berth.model.BerthException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The Tasks service. */
public final class TasksApi {

    private final ApiContext ctx;

    public TasksApi(ApiContext ctx) {
        this.ctx = ctx;
    }

    private TasksGrpc.TasksBlockingStub stub() {
        return ctx.deadline(TasksGrpc.newBlockingStub(ctx.channel()));
    }

    public static TaskInfo info(Process p) {
        boolean stopped = p.getStatus() == containerd.v1.types.Status.STOPPED;
        return new TaskInfo(p.getId().isEmpty() ? p.getContainerId() : p.getId(), p.getPid(), status(p.getStatus()),
                stopped ? (int) p.getExitStatus() : null, stopped ? Protos.instant(p.getExitedAt()) : null);
    }

    public static TaskStatus status(containerd.v1.types.Status s) {
        switch (s) {
            case CREATED:
                return TaskStatus.CREATED;
            case RUNNING:
                return TaskStatus.RUNNING;
            case STOPPED:
                return TaskStatus.STOPPED;
            case PAUSED:
                return TaskStatus.PAUSED;
            case PAUSING:
                return TaskStatus.PAUSING;
            default:
                return TaskStatus.UNKNOWN;
        }
    }

    public Process get(String containerId) {
        return ctx.call("get task " + containerId,
                () -> stub().get(GetRequest.newBuilder().setContainerId(containerId).build()).getProcess());
    }

    public List<Process> list() {
        return ctx.call("list tasks", () -> stub().list(ListTasksRequest.getDefaultInstance()).getTasksList());
    }

    public CreateTaskResponse create(String containerId, List<Mount> rootfs, String stdout, String stderr, boolean terminal) {
        CreateTaskRequest req = CreateTaskRequest.newBuilder().setContainerId(containerId).addAllRootfs(rootfs)
                .setStdout(stdout).setStderr(stderr).setTerminal(terminal).build();
        return ctx.call("create task " + containerId,
                () -> ctx.deadline(TasksGrpc.newBlockingStub(ctx.channel()), Duration.ofSeconds(60)).create(req));
    }

    public long start(String containerId) {
        return ctx.call("start task " + containerId, () -> ctx.deadline(TasksGrpc.newBlockingStub(ctx.channel()),
                Duration.ofSeconds(60)).start(StartRequest.newBuilder().setContainerId(containerId).build()).getPid());
    }

    public void kill(String containerId, int signal, boolean all) {
        ctx.run("signal task " + containerId, () -> stub().kill(KillRequest.newBuilder().setContainerId(containerId)
                .setSignal(signal).setAll(all).build()));
    }

    /** Blocks until the task exits, or the timeout passes (then a Timeout exception). Interruptible. */
    public WaitResponse await(String containerId, Duration timeout) {
        return ctx.call("wait for task " + containerId, () -> ctx.deadline(TasksGrpc.newBlockingStub(ctx.channel()), timeout)
                .wait(WaitRequest.newBuilder().setContainerId(containerId).build()));
    }

    public DeleteResponse delete(String containerId) {
        return ctx.call("delete task " + containerId, () -> ctx.deadline(TasksGrpc.newBlockingStub(ctx.channel()),
                Duration.ofSeconds(60)).delete(DeleteTaskRequest.newBuilder().setContainerId(containerId).build()));
    }

    public void pause(String containerId) {
        ctx.run("pause task " + containerId, () -> stub().pause(PauseTaskRequest.newBuilder().setContainerId(containerId).build()));
    }

    public void resume(String containerId) {
        ctx.run("resume task " + containerId, () -> stub().resume(ResumeTaskRequest.newBuilder().setContainerId(containerId).build()));
    }

    public List<Metric> metrics(String containerId) {
        return ctx.call("read metrics of " + containerId, () -> stub().metrics(MetricsRequest.newBuilder()
                .addFilters("id==" + containerId).build()).getMetricsList());
    }

    /**
     * Sends {@code Tasks.Wait} now and returns at once; the future completes when the task exits
     * (or fails, e.g. NOT_FOUND when there is no task). Cancelling the future cancels the call.
     * Start it before signalling a task, so the exit cannot be missed.
     */
    public ListenableFuture<WaitResponse> waitAsync(String containerId) {
        return TasksGrpc.newFutureStub(ctx.channel()).withDeadlineAfter(1, TimeUnit.DAYS)
                .wait(WaitRequest.newBuilder().setContainerId(containerId).build());
    }

    /**
     * Waits up to {@code timeout} for a {@link #waitAsync} call: the exit, or empty when the time
     * passed first. Interrupting the thread cancels the call and throws {@link BerthException.Cancelled}
     * (the interrupt flag stays set); a failed call is mapped like every other.
     */
    public Optional<WaitResponse> awaitExit(ListenableFuture<WaitResponse> exit, String containerId, Duration timeout) {
        try {
            return Optional.of(exit.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            exit.cancel(true);
            Thread.currentThread().interrupt();
            throw new BerthException.Cancelled("wait for task " + containerId + ": cancelled", e);
        } catch (CancellationException e) {
            throw new BerthException.Cancelled("wait for task " + containerId + ": cancelled", e);
        } catch (ExecutionException e) {
            throw GrpcErrors.map(e.getCause(), "wait for task " + containerId, ctx.address());
        }
    }
}
