package io.payrecon.link.paymentlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.devstack.DevStack;
import io.payrecon.events.LinkEvent;
import io.payrecon.events.PaymentLinkCreated;
import io.payrecon.events.Principal;
import io.payrecon.link.LinkServiceApplication;
import io.payrecon.link.RunningLinkService;
import io.payrecon.link.TestClock;
import io.payrecon.link.paymentlink.expiry.ExpirySweep;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Part 5 of issue 4: a link and its event are committed together and the event reaches Kafka however the broker and
 * the instances behave. The outbox module's own tests cover its relay in depth (order per key under concurrent
 * writers, two relays, broker outage, relay restart); these show the same through link-service's API.
 */
class EventDeliveryIT extends RunningLinkService {

    @Autowired
    ExpirySweep sweep;

    @Test
    void linkCreatedWhileKafkaIsDownIsPublishedWhenItReturns() {
        String orderId = newOrderId();
        DevStack.shared().kafka().stop();
        JsonNode created;
        try {
            created = create(orderId, "4.20");

            assertThat(get("/api/payment-links/" + orderId, API_KEY).statusCode())
                    .isEqualTo(200);
            assertThat(outboxRecordsOf(orderId)).isEqualTo(1);
        } finally {
            DevStack.shared().kafka().start();
        }

        List<LinkEvent> events = publishedLinkEvents(orderId);
        assertThat(events).hasSize(1);
        assertThat(((PaymentLinkCreated) events.get(0)).token())
                .isEqualTo(created.path("token").asString());
    }

    /**
     * A second instance of the service on the same database and broker: both take creates, both relays and both
     * sweeps run. Every order's events arrive once each, in order: created, then expired.
     */
    @Test
    void twoInstancesPublishEveryEventOnceInOrderPerOrder() throws Exception {
        try (ConfigurableApplicationContext second = startSecondInstance()) {
            int secondPort = Integer.parseInt(second.getEnvironment().getRequiredProperty("local.server.port"));
            ExpirySweep secondSweep = second.getBean(ExpirySweep.class);
            List<String> orderIds =
                    IntStream.range(0, 20).mapToObj(i -> newOrderId()).toList();
            ExecutorService clients = Executors.newFixedThreadPool(4);
            try {
                List<CompletableFuture<Integer>> creates = new ArrayList<>();
                for (int i = 0; i < orderIds.size(); i++) {
                    int target = i % 2 == 0 ? port : secondPort;
                    String orderId = orderIds.get(i);
                    creates.add(CompletableFuture.supplyAsync(() -> createOn(target, orderId), clients));
                }
                assertThat(creates.stream().map(CompletableFuture::join)).containsOnly(201);

                clock().advance(Duration.ofDays(8));
                CompletableFuture<Integer> first = CompletableFuture.supplyAsync(sweep::sweep, clients);
                CompletableFuture<Integer> other = CompletableFuture.supplyAsync(secondSweep::sweep, clients);
                first.join();
                other.join();
            } finally {
                clients.shutdownNow();
            }

            for (String orderId : orderIds) {
                assertThat(publishedLinkEvents(orderId))
                        .as(orderId)
                        .extracting(LinkEvent::type)
                        .containsExactly("payment-link.created", "payment-link.expired");
            }
        }
    }

    /** Settings as command-line arguments: they win over application.yml, as the test context's do. */
    private ConfigurableApplicationContext startSecondInstance() {
        Map<String, String> properties = new HashMap<>(DevStack.shared().springProperties(Principal.LINK_SERVICE));
        properties.putAll(testProperties());
        properties.put("server.port", "0");
        return new SpringApplicationBuilder(LinkServiceApplication.class, TestClock.Configuration.class)
                .run(properties.entrySet().stream()
                        .map(property -> "--" + property.getKey() + "=" + property.getValue())
                        .toArray(String[]::new));
    }

    private static int createOn(int port, String orderId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/payment-links"))
                .header("Content-Type", "application/json")
                .header("X-Api-Key", API_KEY)
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("{\"orderId\": \"" + orderId + "\", \"amount\": \"2.50\"}"))
                .build();
        try {
            return HttpClient.newHttpClient()
                    .send(request, HttpResponse.BodyHandlers.ofString())
                    .statusCode();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot call link-service on port " + port, e);
        }
    }
}
