package io.payrecon.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.payrecon.requestclient.WebhookSignature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.coyote.AbstractProtocol;
import org.apache.tomcat.util.threads.VirtualThreadExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.core.env.Environment;

/** Clients that connect and then stop sending are cut off by Tomcat's read timeout, over raw sockets. */
class SlowClientIT extends RunningGateway {

    /** Time allowed past the read timeout for Tomcat's timeout sweep and a loaded 2-core machine. */
    private static final Duration SLACK = Duration.ofSeconds(3);

    @Autowired
    Environment environment;

    @Autowired
    WebServerApplicationContext context;

    @Autowired
    MeterRegistry meters;

    @Test
    void tomcatCutsOffSlowClientsWithinSecondsAndServesABoundedNumberOfConnections() {
        AbstractProtocol<?> tomcat = (AbstractProtocol<?>) ((TomcatWebServer) context.getWebServer())
                .getTomcat()
                .getConnector()
                .getProtocolHandler();

        // Each bound is one Tomcat's defaults would break (60 s / 20 s timeouts, 8192 connections).
        assertThat(tomcat.getConnectionTimeout()).isBetween(1_000, 3_000);
        assertThat(tomcat.getConnectionTimeout()).isEqualTo((int) readTimeout().toMillis());
        assertThat(tomcat.getKeepAliveTimeout()).isBetween(1_000, 30_000);
        assertThat(tomcat.getMaxConnections()).isBetween(1, 2_000);
        assertThat(tomcat.getAcceptCount()).isBetween(1, 100);
        assertThat(tomcat.getExecutor()).isInstanceOf(VirtualThreadExecutor.class);
    }

    @Test
    void clientThatStallsInTheBodyIsDisconnectedWithinTheReadTimeoutAndNothingIsAppended() throws IOException {
        byte[] body = fixture("payment.confirmed.json");
        String deliveryId = newDeliveryId();
        double before = incompleteBodies();

        try (WebhookTopic topic = openWebhookTopic();
                Socket client = connect()) {
            OutputStream out = client.getOutputStream();
            out.write(("POST " + WebhookController.PATH + " HTTP/1.1\r\n"
                            + "Host: 127.0.0.1\r\n"
                            + "Content-Type: application/json\r\n"
                            + "x-request-network-signature: " + WebhookSignature.sign(SECRET, body) + "\r\n"
                            + "x-request-network-delivery: " + deliveryId + "\r\n"
                            + "Content-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();
            long stalledAt = System.nanoTime();

            String answer = readUntilClosed(client);

            // Tomcat answers 408 after one read timeout, then drains the declared body for another before closing.
            assertThat(Duration.ofNanos(System.nanoTime() - stalledAt))
                    .isLessThan(readTimeout().multipliedBy(2).plus(SLACK));
            assertThat(answer).startsWith("HTTP/1.1 408");
            await().untilAsserted(() -> assertThat(incompleteBodies()).isEqualTo(before + 1));

            String marker = newDeliveryId();
            assertThat(postSigned(body, marker).statusCode()).isEqualTo(200);
            topic.awaitDelivery(marker);
            assertThat(topic.deliveryIds()).doesNotContain(deliveryId);
        }
    }

    @Test
    void clientsThatStallBeforeOrWithinTheHeadersAreDisconnectedWithinTheReadTimeout() throws IOException {
        try (Socket silent = connect();
                Socket midHeaders = connect()) {
            midHeaders
                    .getOutputStream()
                    .write(("POST " + WebhookController.PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty")
                            .getBytes(StandardCharsets.US_ASCII));
            midHeaders.getOutputStream().flush();
            long stalledAt = System.nanoTime();

            readUntilClosed(silent);
            readUntilClosed(midHeaders);

            assertThat(Duration.ofNanos(System.nanoTime() - stalledAt))
                    .isLessThan(readTimeout().plus(SLACK));
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        // A test that fails rather than hangs if the gateway never closes the connection.
        socket.setSoTimeout(
                (int) readTimeout().multipliedBy(2).plus(SLACK).multipliedBy(2).toMillis());
        return socket;
    }

    /** Everything the server sent until it closed the connection (a reset counts as closed). */
    private static String readUntilClosed(Socket socket) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[1024];
        try {
            for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
                received.write(buffer, 0, read);
            }
        } catch (SocketException reset) {
            // closed with a reset: closed all the same
        }
        return received.toString(StandardCharsets.ISO_8859_1);
    }

    private Duration readTimeout() {
        return environment.getRequiredProperty("server.tomcat.connection-timeout", Duration.class);
    }

    private double incompleteBodies() {
        return meters.get("webhooks.received")
                .tag("outcome", WebhookMetrics.Outcome.INCOMPLETE_BODY.tag())
                .counter()
                .count();
    }
}
