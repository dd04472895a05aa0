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
 * line, as the JDK's HttpServer does): the handshake is bounded by the connect timeout (or the read
 * timeout when shorter), and fails as a TLS failure, so that the registry client says "not HTTPS? list
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

            SocketTransport longConnect = new SocketTransport(Duration.ofSeconds(60));
            HttpRequest shortRead = HttpRequest.newBuilder(r.uri()).timeout(Duration.ofSeconds(1)).GET().build();
            Thread again = new Thread(() -> {
                try (Socket s = server.accept()) {
                    s.getInputStream().readAllBytes();
                } catch (Exception ignored) {
                    // the client went away
                }
            }, "silent-server-2");
            again.setDaemon(true);
            again.start();
            long t1 = System.nanoTime();
            assertThatThrownBy(() -> longConnect.send(shortRead, null)).cause().isInstanceOf(SSLException.class)
                    .hasMessageContaining("within 1 s");
            assertThat(Duration.ofNanos(System.nanoTime() - t1)).as("bounded by the 1 s read timeout").isLessThan(Duration.ofSeconds(15));
        }
    }
}
