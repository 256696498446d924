package io.payrecon.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sandbox on a random port, talked to over real HTTP, delivering its webhooks to a real local receiver. The
 * retry schedule is shortened (100, 200, 300 ms, 1 s per attempt) so retries are observable in a test.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "sandbox.public-url=http://sandbox.test:8090",
            "sandbox.api-keys=" + SandboxIntegrationTest.API_KEY,
            "sandbox.client-ids=" + SandboxIntegrationTest.CLIENT_ID,
            "sandbox.webhook-secret=" + SandboxIntegrationTest.WEBHOOK_SECRET,
            "sandbox.delivery.retry-delays=100ms,200ms,300ms",
            "sandbox.delivery.timeout=1s"
        })
public abstract class SandboxIntegrationTest {

    public static final String API_KEY = "test-api-key";
    public static final String CLIENT_ID = "cli_test_client";
    public static final String WEBHOOK_SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    protected static final WebhookReceiver RECEIVER = WebhookReceiver.start();
    protected static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void deliverToTheReceiver(DynamicPropertyRegistry registry) {
        registry.add("sandbox.webhook-url", RECEIVER::url);
    }

    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    protected HttpResponse<String> post(String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .POST(
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    protected HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    /** Creates a one-request link for {@code amount} with the API key; returns the 201 body. */
    protected JsonNode createLink(String amount) {
        HttpResponse<String> created = post(
                "/v2/secure-payments",
                "{\"requests\":[{\"amount\":\"%s\"}],\"reference\":\"order-1001\"}".formatted(amount),
                "x-api-key",
                API_KEY);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created);
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
