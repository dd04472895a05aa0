package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;

/**
 * HTTPS to a server that never answers the TLS hello (a plain HTTP server waiting for a request
 * line, as the JDK's HttpServer does): the handshake is bounded by the connect timeout, not the much
 * longer read timeout, and fails as a TLS failure, so that the registry client says "not HTTPS? list
 * it as insecure" instead of "read timed out" after a minute (found by the reliability tests).
 */
class SocketTransportTlsTest {

    @Test
    void aServerThatNeverAnswersTheTlsHelloFailsAsTlsWithinTheConnectTimeout() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket s = server.accept()) {
                    s.getInputStream().readAllBytes(); // reads the hello, answers nothing
                } catch (Exception ignored) {
                    // the client went away
                }
            }, "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
            SocketTransport t = new SocketTransport(Duration.ofSeconds(1));
            HttpRequest r = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.getLocalPort() + "/v2/"))
                    .timeout(Duration.ofSeconds(60)).GET().build();
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> t.send(r, null))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SSLException.class)
                    .hasMessageContaining("no TLS answer from 127.0.0.1:" + server.getLocalPort() + " within 1 s");
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(took).as("bounded by the 1 s connect timeout, not the 60 s read timeout").isLessThan(Duration.ofSeconds(15));
        }
    }
}
