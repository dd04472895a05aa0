package dev.berth.containerd;

import dev.berth.model.BerthException;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ConnectivityState;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One gRPC channel to a containerd daemon over its Unix socket (Netty epoll). It owns the channel
 * and its event loop; adapters get a {@link Channel} that adds the namespace (and lease) headers.
 */
public final class ContainerdConnection implements AutoCloseable {

    public static final String DEFAULT_ADDRESS = "/run/containerd/containerd.sock";
    public static final String DEFAULT_NAMESPACE = "default";
    /** containerd's own client raises the receive limit to 16 MiB; grpc-java defaults to 4 MiB. */
    public static final int MAX_MESSAGE_BYTES = 16 << 20;

    static {
        // Netty 4.2 registers Java Flight Recorder events for its allocator when the JVM has JFR:
        // ~350 classes generated at the first connection (0.1 s of a command's start). Berth does
        // not record them; -Dio.netty.jfr.enabled=true still turns them on.
        if (System.getProperty("io.netty.jfr.enabled") == null) {
            System.setProperty("io.netty.jfr.enabled", "false");
        }
    }

    static final Metadata.Key<String> NAMESPACE_HEADER =
            Metadata.Key.of("containerd-namespace", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> LEASE_HEADER =
            Metadata.Key.of("containerd-lease", Metadata.ASCII_STRING_MARSHALLER);

    private final String address;
    private final EventLoopGroup loop;
    private final ManagedChannel channel;
    private final Duration defaultDeadline;

    private ContainerdConnection(String address, EventLoopGroup loop, ManagedChannel channel, Duration deadline) {
        this.address = address;
        this.loop = loop;
        this.channel = channel;
        this.defaultDeadline = deadline;
    }

    /**
     * Opens a channel to the socket at {@code address}. Fails at once, with a message a person can act
     * on, when the socket is missing or not accessible; the daemon itself is contacted lazily.
     */
    public static ContainerdConnection open(String address, Duration defaultDeadline) {
        String path = address.startsWith("unix://") ? address.substring("unix://".length()) : address;
        checkSocket(path);
        if (!Epoll.isAvailable()) {
            throw new BerthException.Unavailable("Netty's epoll transport is not available on this machine: "
                    + Epoll.unavailabilityCause());
        }
        EventLoopGroup loop = new EpollEventLoopGroup(1, daemonThreads("berth-grpc-" + Path.of(path).getFileName()));
        ManagedChannel channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(path))
                .eventLoopGroup(loop)
                .channelType(EpollDomainSocketChannel.class)
                .withOption(ChannelOption.SO_KEEPALIVE, null)
                .usePlaintext()
                .overrideAuthority("localhost")
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                // no transparent retries: Berth retries where it means to (a lost create, a resumed pull),
                // and the retry layer keeps a copy of every message sent until the call commits (each
                // 1 MiB chunk of a pull) and adds a step per message received (10,000 for a list)
                .disableRetry()
                .build();
        return new ContainerdConnection(path, loop, channel, defaultDeadline);
    }

    /** Checks the socket file before dialing, so a missing daemon or a permission problem reads clearly. */
    public static void checkSocket(String path) {
        Path p = Path.of(path);
        if (!Files.exists(p)) {
            throw new BerthException.Unavailable("no containerd at " + path + " \u2014 is it running?");
        }
        if (!Files.isReadable(p) || !Files.isWritable(p)) {
            throw new BerthException.PermissionDenied(permissionMessage(path));
        }
    }

    static String permissionMessage(String path) {
        String owner = "root";
        try {
            owner = Files.getOwner(Path.of(path)).getName();
        } catch (Exception ignored) {
            // keep the default
        }
        return path + " is owned by " + owner
                + ": run as root or give your user access to the socket";
    }

    public String address() {
        return address;
    }

    public Duration defaultDeadline() {
        return defaultDeadline;
    }

    /** The raw channel, without any namespace header (for Version, Introspection, Namespaces, Events). */
    public Channel channel() {
        return channel;
    }

    /** A channel whose calls carry {@code containerd-namespace} and, if not null, {@code containerd-lease}. */
    public Channel channel(String namespace, String lease) {
        return io.grpc.ClientInterceptors.intercept(channel, new HeaderInterceptor(namespace, lease));
    }

    public ConnectivityState state() {
        return channel.getState(false);
    }

    public boolean isClosed() {
        return channel.isShutdown();
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static final class HeaderInterceptor implements ClientInterceptor {
        private final String namespace;
        private final String lease;

        HeaderInterceptor(String namespace, String lease) {
            this.namespace = namespace;
            this.lease = lease;
        }

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                @Override
                public void start(Listener<R> listener, Metadata headers) {
                    if (namespace != null) {
                        headers.put(NAMESPACE_HEADER, namespace);
                    }
                    if (lease != null) {
                        headers.put(LEASE_HEADER, lease);
                    }
                    super.start(listener, headers);
                }
            };
        }
    }
}
