package io.payrecon.reconciler.console.overview;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway scrape against a real local HTTP server: a normal answer, a huge body, a trickle. */
class GatewayMetricsTest {

    private static final String EXPOSITION = "webhooks_received_total{outcome=\"accepted\"} 7.0\n"
            + "webhooks_received_total{outcome=\"bad_signature\"} 2.0\n";

    private HttpServer server;
    private ExecutorService handlers;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        handlers = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().factory());
        server.setExecutor(handlers);
        server.createContext("/fine", exchange -> {
            byte[] body = EXPOSITION.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/huge", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked
            byte[] line = "# padding padding padding padding padding padding padding padding\n"
                    .getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int written = 0; written < 8 * 1024 * 1024; written += line.length) {
                    out.write(line);
                }
                out.write(EXPOSITION.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the client gave up reading: as it should
            }
        });
        server.createContext("/trickle", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 600; i++) {
                    out.write('#');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // the client gave up: as it should
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void readsTheCountsOfANormalAnswer() {
        GatewayMetrics.Received received = new GatewayMetrics(url("/fine")).read();

        assertThat(received.problem()).isNull();
        assertThat(received.accepted()).isEqualTo(7.0);
        assertThat(received.refused()).isEqualTo(2.0);
    }

    @Test
    void aBodyLargerThanTheCapIsNotReadFurther() {
        long started = System.nanoTime();
        GatewayMetrics.Received received = new GatewayMetrics(url("/huge"), Duration.ofSeconds(10), 64 * 1024).read();

        assertThat(received.problem()).isEqualTo("the gateway's metrics are larger than 64 KiB");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aTricklingGatewayIsGivenUpOnAtTheDeadline() {
        long started = System.nanoTime();
        GatewayMetrics.Received received =
                new GatewayMetrics(url("/trickle"), Duration.ofSeconds(1), GatewayMetrics.MAX_BODY).read();

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(received.problem()).isEqualTo("the gateway did not answer within 1 s");
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofSeconds(4));
    }
}
