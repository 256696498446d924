package io.payrecon.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.devstack.DevStack;
import io.payrecon.events.Principal;
import io.payrecon.events.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Part 3 of issue 4: without an API key, link-service authenticates to the provider with its client id and, for a
 * frontend client id, the configured Origin. A context of its own, closed after the class.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClock.Configuration.class)
@DirtiesContext
class ClientIdCredentialIT {

    private static final String API_KEY = "client-id-test-key";
    private static final FakeProvider PROVIDER = new FakeProvider();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DevStack stack = DevStack.shared();
        stack.ensureTopics(Topics.ALL);
        stack.springProperties(Principal.LINK_SERVICE).forEach((name, value) -> registry.add(name, () -> value));
        registry.add("links.api-keys", () -> API_KEY);
        registry.add("links.destination.id", () -> RunningLinkService.DESTINATION_ID);
        registry.add("request.base-url", () -> PROVIDER.baseUrl().toString());
        registry.add("request.api-key", () -> "");
        registry.add("request.client-id", () -> FakeProvider.CLIENT_ID);
        registry.add("request.origin", () -> FakeProvider.ORIGIN);
        registry.add("spring.kafka.consumer.properties.session.timeout.ms", () -> "6000");
        registry.add("spring.kafka.consumer.properties.heartbeat.interval.ms", () -> "1000");
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.close();
    }

    @LocalServerPort
    int port;

    @Test
    void createAuthenticatesWithTheClientIdAndItsOrigin() throws Exception {
        String orderId = "order-" + UUID.randomUUID();

        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/payment-links"))
                                .header("Content-Type", "application/json")
                                .header("X-Api-Key", API_KEY)
                                .timeout(Duration.ofSeconds(60))
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"orderId\": \"" + orderId + "\", \"amount\": \"1\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        FakeProvider.Call call = PROVIDER.createsFor(orderId).get(0);
        assertThat(call.headers())
                .containsEntry("x-client-id", FakeProvider.CLIENT_ID)
                .containsEntry("origin", FakeProvider.ORIGIN)
                .doesNotContainKey("x-api-key");
    }
}
