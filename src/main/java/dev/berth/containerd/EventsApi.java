package dev.berth.containerd;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import containerd.services.events.v1.Envelope;
import containerd.services.events.v1.EventsGrpc;
import containerd.services.events.v1.SubscribeRequest;
import dev.berth.model.ContainerdEvent;
import dev.berth.model.Subscription;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Events service. The envelope's message moved from {@code containerd.services.events.v1} to
 * {@code containerd.types} in 2.0 with the same fields, so one decoder reads both.
 */
public final class EventsApi {

    private final ApiContext ctx;

    public EventsApi(ApiContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Subscribes; {@code onEvent} runs on a gRPC thread for every event, {@code onEnd} once when the
     * stream ends (null on a clean end, else the mapped error). Close the subscription to stop.
     */
    public Subscription subscribe(List<String> filters, Consumer<ContainerdEvent> onEvent, Consumer<RuntimeException> onEnd) {
        Context.CancellableContext cancellable = Context.current().withCancellation();
        SubscribeRequest req = SubscribeRequest.newBuilder().addAllFilters(filters).build();
        cancellable.run(() -> EventsGrpc.newStub(ctx.connection().channel()).subscribe(req, new StreamObserver<>() {
            @Override
            public void onNext(Envelope e) {
                onEvent.accept(decode(e));
            }

            @Override
            public void onError(Throwable t) {
                if (!cancellable.isCancelled()) {
                    onEnd.accept(GrpcErrors.map(t, "follow containerd's events", ctx.address()));
                }
            }

            @Override
            public void onCompleted() {
                onEnd.accept(null);
            }
        }));
        return () -> cancellable.cancel(null);
    }

    static ContainerdEvent decode(Envelope e) {
        Any any = e.getEvent();
        String subject = "";
        Integer exit = null;
        try {
            switch (any.getTypeUrl()) {
                case "containerd.events.ContainerCreate":
                    subject = containerd.events.ContainerCreate.parseFrom(any.getValue()).getId();
                    break;
                case "containerd.events.ContainerUpdate":
                    subject = containerd.events.ContainerUpdate.parseFrom(any.getValue()).getId();
                    break;
                case "containerd.events.ContainerDelete":
                    subject = containerd.events.ContainerDelete.parseFrom(any.getValue()).getId();
                    break;
                case "containerd.events.TaskCreate":
                    subject = containerd.events.TaskCreate.parseFrom(any.getValue()).getContainerId();
                    break;
                case "containerd.events.TaskStart":
                    subject = containerd.events.TaskStart.parseFrom(any.getValue()).getContainerId();
                    break;
                case "containerd.events.TaskExit": {
                    containerd.events.TaskExit x = containerd.events.TaskExit.parseFrom(any.getValue());
                    subject = x.getContainerId();
                    exit = x.getExitStatus();
                    break;
                }
                case "containerd.events.TaskDelete": {
                    containerd.events.TaskDelete x = containerd.events.TaskDelete.parseFrom(any.getValue());
                    subject = x.getContainerId();
                    exit = x.getExitStatus();
                    break;
                }
                case "containerd.events.TaskOOM":
                    subject = containerd.events.TaskOOM.parseFrom(any.getValue()).getContainerId();
                    break;
                case "containerd.events.TaskPaused":
                    subject = containerd.events.TaskPaused.parseFrom(any.getValue()).getContainerId();
                    break;
                case "containerd.events.TaskResumed":
                    subject = containerd.events.TaskResumed.parseFrom(any.getValue()).getContainerId();
                    break;
                case "containerd.events.SnapshotPrepare":
                    subject = containerd.events.SnapshotPrepare.parseFrom(any.getValue()).getKey();
                    break;
                case "containerd.events.SnapshotCommit":
                    subject = containerd.events.SnapshotCommit.parseFrom(any.getValue()).getName();
                    break;
                case "containerd.events.SnapshotRemove":
                    subject = containerd.events.SnapshotRemove.parseFrom(any.getValue()).getKey();
                    break;
                case "containerd.events.ContentDelete":
                    subject = containerd.events.ContentDelete.parseFrom(any.getValue()).getDigest();
                    break;
                case "containerd.events.ContentCreate":
                    subject = containerd.events.ContentCreate.parseFrom(any.getValue()).getDigest();
                    break;
                case "containerd.events.NamespaceCreate":
                    subject = containerd.events.NamespaceCreate.parseFrom(any.getValue()).getName();
                    break;
                case "containerd.events.NamespaceDelete":
                    subject = containerd.events.NamespaceDelete.parseFrom(any.getValue()).getName();
                    break;
                case "containerd.services.images.v1.ImageCreate":
                    subject = containerd.services.images.v1.ImageCreate.parseFrom(any.getValue()).getName();
                    break;
                case "containerd.services.images.v1.ImageUpdate":
                    subject = containerd.services.images.v1.ImageUpdate.parseFrom(any.getValue()).getName();
                    break;
                case "containerd.services.images.v1.ImageDelete":
                    subject = containerd.services.images.v1.ImageDelete.parseFrom(any.getValue()).getName();
                    break;
                default:
                    break;
            }
        } catch (InvalidProtocolBufferException ignored) {
            // an event we cannot decode still tells its topic; the list refreshes on the topic
        }
        return new ContainerdEvent(Protos.instant(e.getTimestamp()), e.getNamespace(), e.getTopic(), subject, exit);
    }
}
