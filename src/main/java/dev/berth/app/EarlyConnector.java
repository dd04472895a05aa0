package dev.berth.app;

import dev.berth.model.BerthException;
import dev.berth.service.ContainerdService;
import dev.berth.ui.shell.ConnectionViewModel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Connects to the start endpoint on a thread of its own while JavaFX builds the window, so that the
 * gRPC and Netty start-up (class loading, the socket, the version call: about half a second of CPU)
 * overlaps with building the window instead of following it. The console's first connect to that
 * endpoint takes this connection (or its error); any other connect is a fresh one, and an early
 * connection nobody took is closed then.
 */
final class EarlyConnector implements ConnectionViewModel.Connector {

    private record Early(String address, String namespace, CompletableFuture<ContainerdService> service) {
    }

    private final ConnectionViewModel.Connector connector;
    private final AtomicReference<Early> early = new AtomicReference<>();

    EarlyConnector(ConnectionViewModel.Connector connector) {
        this.connector = connector;
    }

    /** Starts connecting to {@code address} in {@code namespace} in the background. */
    void start(String address, String namespace) {
        CompletableFuture<ContainerdService> f = new CompletableFuture<>();
        Early previous = early.getAndSet(new Early(address, namespace, f));
        if (previous != null) {
            discard(previous);
        }
        Thread t = new Thread(() -> {
            try {
                f.complete(connector.connect(address, namespace));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "berth-early-connect");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Runs {@code action} with the early connection once it is up, on a thread of its own (nothing
     * when there is none or it failed): the console reads the first page's rows with it while the
     * window is being built.
     */
    void whenConnected(java.util.function.Consumer<ContainerdService> action) {
        Early e = early.get();
        if (e == null) {
            return;
        }
        e.service().thenAccept(s -> {
            Thread t = new Thread(() -> action.accept(s), "berth-early-read");
            t.setDaemon(true);
            t.start();
        });
    }

    @Override
    public ContainerdService connect(String address, String namespace) {
        Early e = early.getAndSet(null);
        if (e != null) {
            if (e.address().equals(address) && e.namespace().equals(namespace)) {
                return await(e);
            }
            discard(e);
        }
        return connector.connect(address, namespace);
    }

    private static ContainerdService await(Early e) {
        try {
            return e.service().get();
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            discard(e);
            throw new BerthException.Cancelled("connecting to " + e.address() + " cancelled", ie);
        } catch (ExecutionException ex) {
            Throwable c = ex.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new BerthException.Internal("connecting to " + e.address() + " failed: " + c, c);
        }
    }

    private static void discard(Early e) {
        e.service().thenAccept(ContainerdService::close);
    }
}
