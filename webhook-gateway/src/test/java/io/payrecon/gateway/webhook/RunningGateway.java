package io.payrecon.gateway.webhook;

import io.payrecon.devstack.DevStack;
import io.payrecon.events.Principal;
import io.payrecon.events.Topics;
import io.payrecon.requestclient.WebhookFixtures;
import io.payrecon.requestclient.WebhookSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway as the provider sees it: the real app on a random port, spoken to over real HTTP, appending to the
 * real broker devstack runs. Subclasses share one application context.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gateway.webhook-secrets=" + RunningGateway.SECRET + "," + RunningGateway.ROTATED_SECRET,
            "management.endpoint.health.show-components=always",
            "logging.level.org.apache.kafka=WARN"
        })
abstract class RunningGateway {

    static final String SECRET = SignatureVerifierTest.VECTOR_SECRET;
    static final String ROTATED_SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void devstack(DynamicPropertyRegistry registry) {
        DevStack stack = DevStack.shared();
        stack.ensureTopics(Topics.ALL);
        // The gateway logs in as its own principal, which may append to payments.webhooks.v1 and nothing else.
        stack.springProperties(Principal.WEBHOOK_GATEWAY).forEach((name, value) -> {
            if (name.startsWith("spring.kafka.")) {
                registry.add(name, () -> value);
            }
        });
    }

    /** The webhooks topic, read by the test as devstack's super-user. */
    static WebhookTopic openWebhookTopic() {
        return new WebhookTopic(DevStack.shared().adminClientProperties());
    }

    /** The provider's documented body {@code name}, such as {@code payment.confirmed.json}. */
    static byte[] fixture(String name) {
        return WebhookFixtures.body(name);
    }

    /** A fresh delivery id shaped like the provider's ULIDs. */
    static String newDeliveryId() {
        return ("01" + UUID.randomUUID().toString().replace("-", ""))
                .substring(0, 26)
                .toUpperCase(Locale.ROOT);
    }

    /** The headers of a provider delivery of {@code body} signed with {@code secret}. */
    static Map<String, String> signed(byte[] body, String secret, String deliveryId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("x-request-network-signature", WebhookSignature.sign(secret, body));
        if (deliveryId != null) {
            headers.put("x-request-network-delivery", deliveryId);
        }
        headers.put("x-request-network-retry-count", "0");
        return headers;
    }

    HttpResponse<String> postSigned(byte[] body, String deliveryId) {
        return post(HttpRequest.BodyPublishers.ofByteArray(body), signed(body, SECRET, deliveryId));
    }

    HttpResponse<String> post(byte[] body, Map<String, String> headers) {
        return post(HttpRequest.BodyPublishers.ofByteArray(body), headers);
    }

    HttpResponse<String> post(BodyPublisher body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(WebhookController.PATH))
                .timeout(Duration.ofSeconds(30))
                .POST(body);
        headers.forEach(request::header);
        return send(request.build());
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
