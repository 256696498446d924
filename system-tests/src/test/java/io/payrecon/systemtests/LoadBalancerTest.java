package io.payrecon.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.payrecon.launcher.LoadBalancer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The launcher's TCP load balancer in front of two instances, each a small HTTP server that answers its own name:
 * connections in turn, the next instance when one refuses, and nothing hidden when none is left.
 */
class LoadBalancerTest {

    private HttpServer first;
    private HttpServer second;
    private LoadBalancer balancer;

    @BeforeEach
    void startTwoInstancesBehindABalancer() {
        first = instance("first");
        second = instance("second");
        balancer = new LoadBalancer(
                        "test",
                        freePort(),
                        List.of(
                                first.getAddress().getPort(),
                                second.getAddress().getPort()))
                .start();
    }

    @AfterEach
    void stopThem() {
        balancer.close();
        first.stop(0);
        second.stop(0);
    }

    @Test
    void sendsEachNewConnectionToTheNextInstance() {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(get());
        }

        assertThat(answers).containsExactlyInAnyOrder("first", "first", "second", "second");
        assertThat(answers.get(0)).isNotEqualTo(answers.get(1));
        assertThat(balancer.refusedConnections()).isZero();
    }

    @Test
    void sendsWhatAKilledInstanceWouldHaveTakenToTheOther() {
        first.stop(0);

        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(get());
        }

        assertThat(answers).containsOnly("second").hasSize(4);
        assertThat(balancer.refusedConnections()).isEqualTo(2);
    }

    @Test
    void closesTheCallersConnectionWhenEveryInstanceRefuses() {
        first.stop(0);
        second.stop(0);

        assertThat(get())
                .as("no answer, as from a load balancer without healthy targets")
                .isEmpty();
    }

    /** One request on a connection of its own (HTTP/1.0: the server closes it after the answer); the body. */
    private String get() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), balancer.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("GET / HTTP/1.0\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            return response.contains("\r\n\r\n") ? response.substring(response.indexOf("\r\n\r\n") + 4) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpServer instance(String name) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = name.getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
