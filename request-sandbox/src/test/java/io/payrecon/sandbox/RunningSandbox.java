package io.payrecon.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sandbox on a random port, talked to over real HTTP, delivering its webhooks to a real local receiver. The
 * retry schedule is shortened (100, 200, 300 ms, 1 s per attempt) so retries are observable in a test, the provider
 * latency is off and the rate limit high (the suite is fast and calls from one IP), and a block lasts 2 s. Every test
 * class shares this one configuration (one Spring context); after each test the faults and the clock are reset.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "sandbox.public-url=http://sandbox.test:8090",
            "sandbox.api-keys=" + RunningSandbox.API_KEY,
            "sandbox.client-ids=" + RunningSandbox.CLIENT_ID,
            "sandbox.webhook-secret=" + RunningSandbox.WEBHOOK_SECRET,
            "sandbox.delivery.retry-delays=100ms,200ms,300ms",
            "sandbox.delivery.timeout=1s",
            // Every test class calls with the same credentials from 127.0.0.1: the default 300/min would throttle the
            // suite. The limiter is tested with credentials of its own (small-tier, breaching) and a short block.
            "sandbox.rate-limit=100000",
            "sandbox.block-duration=2s",
            // No provider latency: the suite makes hundreds of calls; LatencyIT has a context with latency of its
            // own.
            "sandbox.latency.create.median=0",
            "sandbox.latency.read.median=0",
            "sandbox.credentials[0].name=shop-frontend",
            "sandbox.credentials[0].client-id=" + RunningSandbox.FRONTEND_CLIENT_ID,
            "sandbox.credentials[0].allowed-origins=" + RunningSandbox.SHOP_ORIGIN,
            "sandbox.credentials[1].name=retired-backend",
            "sandbox.credentials[1].api-key=" + RunningSandbox.REVOKED_API_KEY,
            "sandbox.credentials[1].revoked=true",
            "sandbox.credentials[2].name=retired-client",
            "sandbox.credentials[2].client-id=" + RunningSandbox.REVOKED_CLIENT_ID,
            "sandbox.credentials[2].revoked=true",
            "sandbox.credentials[3].name=unbound-backend",
            "sandbox.credentials[3].client-id=" + RunningSandbox.UNBOUND_CLIENT_ID,
            "sandbox.credentials[4].name=second-shop",
            "sandbox.credentials[4].api-key=" + RunningSandbox.OTHER_SHOP_API_KEY,
            "sandbox.credentials[4].destination-id=" + RunningSandbox.OTHER_DESTINATION,
            "sandbox.credentials[5].name=small-tier",
            "sandbox.credentials[5].api-key=" + RunningSandbox.THROTTLED_API_KEY,
            "sandbox.credentials[5].rate-limit=3",
            "sandbox.credentials[6].name=tron-shop",
            "sandbox.credentials[6].api-key=" + RunningSandbox.TRON_API_KEY,
            "sandbox.credentials[6].destination-id=" + RunningSandbox.TRON_DESTINATION,
            "sandbox.credentials[7].name=cents-shop",
            "sandbox.credentials[7].api-key=" + RunningSandbox.CENTS_API_KEY,
            "sandbox.credentials[7].destination-id=" + RunningSandbox.CENTS_DESTINATION,
            "sandbox.credentials[7].currency=CENT",
            "sandbox.credentials[7].decimals=2",
            "sandbox.credentials[8].name=breaching",
            "sandbox.credentials[8].api-key=" + RunningSandbox.BREACHING_API_KEY,
            "sandbox.credentials[8].rate-limit=20"
        })
public abstract class RunningSandbox {

    public static final String API_KEY = "test-api-key";
    public static final String CLIENT_ID = "cli_test_client";
    public static final String FRONTEND_CLIENT_ID = "cli_test_frontend";
    public static final String SHOP_ORIGIN = "https://shop.example.com";
    /** What a backend calling with its Client ID sends as {@code Origin}: any value goes. */
    public static final String BACKEND_ORIGIN = "https://payrecon.example";

    public static final String REVOKED_API_KEY = "rk_test_revoked";
    public static final String REVOKED_CLIENT_ID = "cli_test_revoked";
    public static final String UNBOUND_CLIENT_ID = "cli_test_unbound";
    public static final String OTHER_SHOP_API_KEY = "rk_test_other_shop";
    public static final String THROTTLED_API_KEY = "rk_test_small_tier";
    public static final String BREACHING_API_KEY = "rk_test_breaching";
    public static final String TRON_API_KEY = "rk_test_tron_shop";
    public static final String CENTS_API_KEY = "rk_test_cents_shop";
    public static final String WEBHOOK_SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /** What {@code sandbox.destination-id} defaults to, so every simple credential is bound to it. */
    public static final String DESTINATION = SandboxProperties.DEFAULT_DESTINATION_ID;

    public static final String OTHER_DESTINATION =
            "0x1111111111111111111111111111111111111111@eip155:8453#AB12CD34:0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913";

    /** USDT on TRON, which the sandbox knows (6 decimals). */
    public static final String TRON_DESTINATION =
            "TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf@eip155:728126428#0A1B2C3D:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";

    /** A token the sandbox does not know, configured with its credential as CENT with 2 decimals. */
    public static final String CENTS_DESTINATION =
            "0x2222222222222222222222222222222222222222@eip155:8453#CD34EF56:0x3333333333333333333333333333333333333333";

    protected static final WebhookReceiver RECEIVER = WebhookReceiver.start();
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final Duration PATIENCE = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void deliverToTheReceiver(DynamicPropertyRegistry registry) {
        registry.add("sandbox.webhook-url", RECEIVER::url);
    }

    @AfterEach
    void backToAWellBehavedProvider() {
        assertThat(delete("/sandbox/faults").statusCode()).isEqualTo(200);
        assertThat(delete("/sandbox/clock").statusCode()).isEqualTo(200);
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

    /** Submits an HTML form, as a browser would. */
    protected HttpResponse<String> postForm(String path, Map<String, String> fields) {
        String form = fields.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(path))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
                .build());
    }

    protected HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    protected HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE().build());
    }

    /**
     * The backend Client ID's headers: with an {@code Origin}, which the OpenAPI requires for Client ID authentication;
     * a backend Client ID (no allowed origins) accepts any.
     */
    protected static String[] clientIdHeaders() {
        return new String[] {"x-client-id", CLIENT_ID, "Origin", BACKEND_ORIGIN};
    }

    /** Creates a one-request link for {@code amount} with the API key; returns the 201 body. */
    protected JsonNode createLink(String amount) {
        return createLinkFrom("{\"requests\":[{\"amount\":\"%s\"}],\"reference\":\"order-1001\"}".formatted(amount));
    }

    /** Creates a link from this body with the API key; returns the 201 body. */
    protected JsonNode createLinkFrom(String body, String... headers) {
        String[] credential = headers.length == 0 ? new String[] {"x-api-key", API_KEY} : headers;
        HttpResponse<String> created = post("/v2/secure-payments", body, credential);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created);
    }

    /** The deliveries the sandbox recorded for a request, oldest first. */
    protected List<JsonNode> deliveryLog(String requestId) {
        HttpResponse<String> response = get("/sandbox/deliveries?requestId=" + requestId);
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response).get("deliveries").valueStream().toList();
    }

    protected static List<WebhookReceiver.Received> awaitDeliveries(String requestId, int count) {
        await().atMost(PATIENCE).until(() -> RECEIVER.deliveriesFor(requestId).size() >= count);
        return RECEIVER.deliveriesFor(requestId);
    }

    protected static WebhookReceiver.Received awaitEvent(String requestId, String event) {
        await().atMost(PATIENCE)
                .until(() -> RECEIVER.deliveriesFor(requestId).stream()
                        .anyMatch(d -> d.event().equals(event)));
        return RECEIVER.deliveriesFor(requestId).stream()
                .filter(d -> d.event().equals(event))
                .findFirst()
                .orElseThrow();
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    protected HttpResponse<String> send(HttpRequest request) {
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
