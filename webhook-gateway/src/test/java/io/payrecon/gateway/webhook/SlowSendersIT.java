package io.payrecon.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.requestclient.WebhookSignature;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Senders that trickle do not keep the provider's genuine deliveries waiting: 500 connections send their headers or
 * their bodies a byte at a time (never pausing long enough for a read timeout, reconnecting whenever the gateway cuts
 * them off, as an attacker would), and every genuine delivery in the meantime is answered within 1 s. Each request has
 * a virtual thread of its own, and a body must arrive within {@code gateway.body-deadline}.
 */
class SlowSendersIT extends RunningGateway {

    private static final int BODY_TRICKLERS = 250;
    private static final int HEADER_TRICKLERS = 250;
    private static final Duration BYTE_EVERY = Duration.ofMillis(1000);
    private static final int GENUINE_DELIVERIES = 20;

    @Test
    void genuineDeliveriesAreAnsweredWithinASecondWhileFiveHundredConnectionsTrickle() throws Exception {
        byte[] body = fixture("payment.confirmed.json");
        assertThat(postSigned(body, newDeliveryId()).statusCode()).isEqualTo(200); // the client's connection, warm
        try (Tricklers tricklers = new Tricklers(port, body)) {
            tricklers.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> tricklers.open() == BODY_TRICKLERS + HEADER_TRICKLERS);
            Thread.sleep(3_000); // past the body deadline: the gateway has been cutting body tricklers off

            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < GENUINE_DELIVERIES; i++) {
                long started = System.nanoTime();
                HttpResponse<String> response = postSigned(body, newDeliveryId());
                millis.add(Duration.ofNanos(System.nanoTime() - started).toMillis());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                Thread.sleep(200);
            }

            Collections.sort(millis);
            System.out.printf(
                    "Slow senders: %d connections trickling (%d body, %d header), %d cut off by the gateway and"
                            + " reconnected; %d genuine deliveries answered in median %d ms, max %d ms%n",
                    tricklers.open(),
                    BODY_TRICKLERS,
                    HEADER_TRICKLERS,
                    tricklers.cutOff(),
                    millis.size(),
                    millis.get(millis.size() / 2),
                    millis.get(millis.size() - 1));
            assertThat(millis.get(millis.size() - 1))
                    .as("slowest genuine delivery, ms")
                    .isLessThan(1_000);
            assertThat(tricklers.open()).as("the attack kept up").isGreaterThan(BODY_TRICKLERS);
            assertThat(tricklers.cutOff())
                    .as("body tricklers cut off at the body deadline")
                    .isGreaterThanOrEqualTo(BODY_TRICKLERS);
        }
    }

    /** The attacker: one thread that sends each connection its next byte, and reconnects those that were closed. */
    private static final class Tricklers implements AutoCloseable {

        private final int port;
        private final byte[] body;
        private final List<Trickler> connections = new ArrayList<>();
        private final AtomicInteger cutOff = new AtomicInteger();
        private final Thread pacer = new Thread(this::run, "trickle");
        private volatile boolean running = true;

        Tricklers(int port, byte[] body) {
            this.port = port;
            this.body = body;
        }

        void start() {
            pacer.setDaemon(true);
            pacer.start();
        }

        int open() {
            synchronized (connections) {
                return (int) connections.stream().filter(c -> c.socket != null).count();
            }
        }

        int cutOff() {
            return cutOff.get();
        }

        private void run() {
            for (int i = 0; i < BODY_TRICKLERS + HEADER_TRICKLERS && running; i++) {
                Trickler trickler = new Trickler(i < BODY_TRICKLERS);
                trickler.connect();
                synchronized (connections) {
                    connections.add(trickler);
                }
            }
            while (running) {
                long roundStarted = System.nanoTime();
                List<Trickler> all;
                synchronized (connections) {
                    all = List.copyOf(connections);
                }
                for (Trickler trickler : all) {
                    if (!trickler.sendNextByte()) {
                        cutOff.incrementAndGet();
                        trickler.connect();
                    }
                }
                long left = BYTE_EVERY.toNanos() - (System.nanoTime() - roundStarted);
                if (left > 0) {
                    try {
                        Thread.sleep(Duration.ofNanos(left));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            pacer.interrupt();
            pacer.join(5_000);
            synchronized (connections) {
                connections.forEach(Trickler::close);
            }
        }

        private final class Trickler {

            private final boolean inBody;
            private volatile Socket socket;

            Trickler(boolean inBody) {
                this.inBody = inBody;
            }

            void connect() {
                close();
                try {
                    Socket opened = new Socket("127.0.0.1", port);
                    OutputStream out = opened.getOutputStream();
                    String start = "POST " + WebhookController.PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
                    if (inBody) {
                        // complete, correctly signed headers; then the body, a byte at a time
                        start += "Content-Type: application/json\r\n"
                                + "x-request-network-signature: " + WebhookSignature.sign(SECRET, body) + "\r\n"
                                + "x-request-network-delivery: " + newDeliveryId() + "\r\n"
                                + "Content-Length: " + body.length + "\r\n\r\n";
                    } else {
                        start += "x-slow: "; // a header line that never ends
                    }
                    out.write(start.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    socket = opened;
                } catch (IOException e) {
                    socket = null;
                }
            }

            /** False when the gateway closed the connection. */
            boolean sendNextByte() {
                Socket current = socket;
                if (current == null) {
                    return false;
                }
                try {
                    if (current.getInputStream().available() > 0) {
                        return false; // answered (408): the gateway is done with it
                    }
                    current.getOutputStream().write(inBody ? ' ' : 'a');
                    current.getOutputStream().flush();
                    return true;
                } catch (IOException closed) {
                    return false;
                }
            }

            void close() {
                Socket current = socket;
                socket = null;
                if (current != null) {
                    try {
                        current.close();
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
            }
        }
    }
}
