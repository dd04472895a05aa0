package dev.berth.containerd;

import containerd.services.containers.v1.Container;
import containerd.services.containers.v1.ContainersGrpc;
import containerd.services.containers.v1.CreateContainerRequest;
import containerd.services.containers.v1.DeleteContainerRequest;
import containerd.services.containers.v1.GetContainerRequest;
import containerd.services.containers.v1.ListContainerMessage;
import containerd.services.containers.v1.ListContainersRequest;
import containerd.services.containers.v1.UpdateContainerRequest;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.Uninterruptibles;
import com.google.protobuf.Any;
import com.google.protobuf.FieldMask;
import containerd.services.containers.v1.CreateContainerResponse;
import java.util.concurrent.ExecutionException;
import dev.berth.model.ContainerInfo;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The Containers service. Lists stream (ListStream), falling back to List on UNIMPLEMENTED. */
public final class ContainersApi {

    private final ApiContext ctx;

    public ContainersApi(ApiContext ctx) {
        this.ctx = ctx;
    }

    private ContainersGrpc.ContainersBlockingStub stub() {
        return ctx.deadline(ContainersGrpc.newBlockingStub(ctx.channel()));
    }

    /**
     * All containers matching any of the filters. Uses the streaming call, which has no message-size
     * limit on the whole list (10,000 containers are ~30 MB, over the 16 MiB limit of List).
     */
    public List<Container> list(String... filters) {
        ListContainersRequest req = ListContainersRequest.newBuilder().addAllFilters(List.of(filters)).build();
        return ctx.call("list containers", () -> {
            List<Container> out = new ArrayList<>();
            try (Context.CancellableContext c = Context.current().withCancellation()) {
                Context prev = c.attach();
                try {
                    Iterator<ListContainerMessage> it =
                            ctx.deadline(ContainersGrpc.newBlockingStub(ctx.channel()), ctx.connection().defaultDeadline().multipliedBy(6))
                                    .listStream(req);
                    while (it.hasNext()) {
                        out.add(it.next().getContainer());
                    }
                } finally {
                    c.detach(prev);
                }
                return out;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                    return stub().list(req).getContainersList();
                }
                throw e;
            }
        });
    }

    /**
     * As {@link #list}, but records without their runtime specs (empty {@code specJson}), decoded
     * straight from the stream: what list screens need, at a fraction of the memory and time.
     */
    public List<ContainerInfo> listSummaries(String... filters) {
        ListContainersRequest req = ListContainersRequest.newBuilder().addAllFilters(List.of(filters)).build();
        return ctx.call("list containers", () -> {
            try {
                return ContainerSummaries.list(ctx.channel(), req,
                        ctx.connection().defaultDeadline().multipliedBy(6).toMillis());
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                    List<ContainerInfo> out = new ArrayList<>();
                    for (Container c : stub().list(req).getContainersList()) {
                        out.add(info(c, false));
                    }
                    return out;
                }
                throw e;
            }
        });
    }

    /**
     * A container record as Berth's model has it; {@code withSpec}: with its runtime spec (JSON, or
     * empty when the record holds no OCI spec), else without (as lists have them).
     */
    public static ContainerInfo info(Container c, boolean withSpec) {
        Any spec = c.getSpec();
        String json = withSpec && spec.getTypeUrl().endsWith("runtime-spec/1/Spec")
                ? spec.getValue().toString(StandardCharsets.UTF_8) : "";
        return new ContainerInfo(c.getId(), c.getImage(), c.getLabelsMap(), c.getSnapshotter(), c.getSnapshotKey(),
                c.getRuntime().getName(), Protos.instant(c.getCreatedAt()), Protos.instant(c.getUpdatedAt()), json);
    }

    public Container get(String id) {
        return ctx.call("get container " + id, () -> stub().get(GetContainerRequest.newBuilder().setId(id).build()).getContainer());
    }

    public Container create(Container container) {
        return ctx.call("create container " + container.getId(),
                () -> stub().create(CreateContainerRequest.newBuilder().setContainer(container).build()).getContainer());
    }

    public Container update(Container container, String... paths) {
        UpdateContainerRequest.Builder b = UpdateContainerRequest.newBuilder().setContainer(container);
        if (paths.length > 0) {
            b.setUpdateMask(FieldMask.newBuilder().addAllPaths(List.of(paths)));
        }
        return ctx.call("update container " + container.getId(), () -> stub().update(b.build()).getContainer());
    }

    /**
     * As {@link #create}, but interrupting the calling thread does not cancel the call, so its outcome
     * is always known (a cancelled create may still be carried out by containerd). The interrupt flag
     * stays set for the caller to act on.
     */
    public Container createUninterruptibly(Container container) {
        CreateContainerRequest req = CreateContainerRequest.newBuilder().setContainer(container).build();
        String what = "create container " + container.getId();
        return ctx.call(what, () -> {
            ListenableFuture<CreateContainerResponse> f = ctx.deadline(ContainersGrpc.newFutureStub(ctx.channel())).create(req);
            try {
                return Uninterruptibles.getUninterruptibly(f).getContainer();
            } catch (ExecutionException e) {
                throw GrpcErrors.map(e.getCause(), what, ctx.address());
            }
        });
    }

    public void delete(String id) {
        ctx.run("delete container " + id, () -> stub().delete(DeleteContainerRequest.newBuilder().setId(id).build()));
    }
}
