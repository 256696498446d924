package io.payrecon.benchkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class HttpConnectionTest {

    private static final byte[] ANSWER =
            "HTTP/1.1 200 \r\nContent-Length: 2\r\n\r\n{}".getBytes(StandardCharsets.US_ASCII);

    @Test
    @Timeout(20) // without the watchdog the read would block for ever
    void aServerThatNeverAnswersFailsTheExchangeWithATimeoutAndTheNextExchangeReconnects() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/hook");
            byte[] request = HttpConnection.post(uri, Map.of(), "{}".getBytes(StandardCharsets.UTF_8));
            Thread silent = Thread.ofPlatform().daemon().start(() -> acceptAndAnswer(server, false));
            try (HttpConnection connection =
                    new HttpConnection("127.0.0.1", server.getLocalPort(), Duration.ofMillis(300))) {
                long started = System.nanoTime();

                assertThatThrownBy(() -> connection.exchange(request)).isInstanceOf(SocketTimeoutException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - started))
                        .isBetween(Duration.ofMillis(300), Duration.ofSeconds(3));

                silent.join();
                Thread.ofPlatform().daemon().start(() -> acceptAndAnswer(server, true));
                assertThat(connection.exchange(request)).isEqualTo(200);
            }
        }
    }

    /** Accepts one connection, reads a request and answers it, or holds the connection without answering. */
    private static void acceptAndAnswer(ServerSocket server, boolean answer) {
        try (Socket client = server.accept()) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            byte[] buffer = new byte[4096];
            in.read(buffer);
            if (answer) {
                out.write(ANSWER);
                out.flush();
            }
            // Until the client closes the connection.
            while (in.read(buffer) >= 0) {
                // discard
            }
        } catch (IOException e) {
            // the client went away
        }
    }
}
