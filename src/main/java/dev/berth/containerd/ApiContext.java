package dev.berth.containerd;

import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.stub.AbstractStub;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What every adapter call needs: the connection, the namespace and, optionally, the lease every
 * object made by the call is attached to. Immutable; {@link #withLease} gives a copy.
 */
public record ApiContext(ContainerdConnection connection, String namespace, String lease) {

    public ApiContext withLease(String leaseId) {
        return new ApiContext(connection, namespace, leaseId);
    }

    public ApiContext withNamespace(String ns) {
        return new ApiContext(connection, ns, lease);
    }

    public Channel channel() {
        return connection.channel(namespace, lease);
    }

    public String address() {
        return connection.address();
    }

    /** Applies the connection's default deadline to a stub (call right before each call). */
    public <S extends AbstractStub<S>> S deadline(S stub) {
        return deadline(stub, connection.defaultDeadline());
    }

    public <S extends AbstractStub<S>> S deadline(S stub, Duration deadline) {
        return stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs a call and maps any failure to Berth's typed exceptions. */
    public <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw GrpcErrors.map(e, what, address());
        }
    }

    public void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    /**
     * Runs a call in a cancellable gRPC context, so a blocking stream can be cancelled by interrupting
     * the thread or by closing the returned context from elsewhere.
     */
    public static Context.CancellableContext cancellable() {
        return Context.current().withCancellation();
    }
}
