package io.payrecon.sandbox.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.sandbox.RequestSandboxApplication;
import io.payrecon.sandbox.WebhookReceiver;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * State survives a restart: a sandbox is stopped (its Spring context closed) and a new one started on the same
 * {@code sandbox.data-dir}; links answer as before, requests show the same payments, the delivery log lists the same
 * deliveries under the same ids, the clock keeps its offset.
 */
@ExtendWith(OutputCaptureExtension.class)
class RestartIT {

    private static final String API_KEY = "restart-api-key";
    private static final String CLIENT_ID = "cli_restart";
    private static final String ORIGIN = "https://payrecon.example";
    private static final WebhookReceiver RECEIVER = WebhookReceiver.start();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void linksPaymentsDeliveriesAndTheClockSurviveARestart(CapturedOutput output) throws IOException {
        String paidToken;
        String paidRequest;
        String partToken;
        String partRequest;
        String clientIdToken;
        JsonNode paidBefore;
        JsonNode partBefore;
        JsonNode completedBefore;
        List<JsonNode> deliveriesBefore;
        try (ConfigurableApplicationContext sandbox = start(dataDir, RECEIVER.url())) {
            int port = port(sandbox);
            JsonNode paid = create(port, "10.50", "order-paid");
            JsonNode part = create(port, "10", "order-part");
            paidToken = paid.get("token").asString();
            paidRequest = paid.get("requestIds").get(0).asString();
            partToken = part.get("token").asString();
            partRequest = part.get("requestIds").get(0).asString();
            clientIdToken = json(send(
                            port,
                            "POST",
                            "/v2/secure-payments",
                            "{\"requests\":[{\"amount\":\"3\"}]}",
                            "x-client-id",
                            CLIENT_ID,
                            "Origin",
                            ORIGIN))
                    .get("token")
                    .asString();
            assertThat(send(port, "POST", "/sandbox/payments/" + paidToken, null)
                            .statusCode())
                    .isEqualTo(202);
            assertThat(send(
                                    port,
                                    "POST",
                                    "/sandbox/payments/" + partToken,
                                    "{\"outcome\":\"partial\",\"amount\":\"4.00\"}")
                            .statusCode())
                    .isEqualTo(202);
            assertThat(send(port, "POST", "/sandbox/clock", "{\"advance\":\"PT1H\"}")
                            .statusCode())
                    .isEqualTo(200);
            await().atMost(PATIENCE)
                    .until(() -> deliveries(port).size() == 4
                            && deliveries(port).stream()
                                    .allMatch(d -> d.get("status").asString().equals("delivered")));
            paidBefore = json(send(port, "GET", "/v2/request/" + paidRequest, null, "x-api-key", API_KEY));
            partBefore = json(send(port, "GET", "/v2/request/" + partRequest, null, "x-api-key", API_KEY));
            completedBefore = json(readLink(port, paidToken));
            deliveriesBefore = deliveries(port);
        }

        try (ConfigurableApplicationContext sandbox = start(dataDir, RECEIVER.url())) {
            int port = port(sandbox);

            assertThat(readLink(port, paidToken).statusCode()).as("completed").isEqualTo(409);
            assertThat(json(readLink(port, paidToken))).isEqualTo(completedBefore);
            assertThat(readLink(port, partToken).statusCode())
                    .as("partly paid, payable")
                    .isEqualTo(200);
            assertThat(readLink(port, "01KJRA0M9QG8MA4X887908T8A4").statusCode())
                    .isEqualTo(404);
            assertThat(json(send(port, "GET", "/v2/request/" + paidRequest, null, "x-api-key", API_KEY)))
                    .isEqualTo(paidBefore);
            assertThat(json(send(port, "GET", "/v2/request/" + partRequest, null, "x-api-key", API_KEY)))
                    .isEqualTo(partBefore);
            assertThat(partBefore.get("conversionBreakdown").get("paidAmount").asString())
                    .isEqualTo("4.00");
            assertThat(deliveries(port)).isEqualTo(deliveriesBefore);
            assertThat(json(send(port, "GET", "/sandbox/clock", null))
                            .get("offset")
                            .asString())
                    .isEqualTo("PT1H");

            JsonNode rest = json(send(port, "POST", "/sandbox/payments/" + partToken, null));
            JsonNode clientIdPaid = json(send(port, "POST", "/sandbox/payments/" + clientIdToken, null));
            assertThat(rest.get("payment").get("totalAmountPaid").asString()).isEqualTo("10.00");
            assertThat(clientIdPaid.get("event").asString()).isEqualTo("payment.confirmed");
            assertThat(clientIdPaid
                            .get("deliveries")
                            .valueStream()
                            .map(d -> d.get("event").asString()))
                    .as("the link still knows it was made with a Client ID")
                    .contains("payment.confirmed.client_id");
            assertThat(rest.get("deliveries").get(0).get("deliveryId").asString())
                    .isGreaterThan(deliveriesBefore.getLast().get("deliveryId").asString());
            assertThat(send(port, "GET", "/sandbox/payments", null).body()).contains(paidToken, partToken);
        }
        assertThat(output.getOut()).contains("Sandbox state is journaled to");

        // A crash mid-write leaves half a line: the next start skips it with a warning and goes on appending.
        Files.writeString(
                dataDir.resolve(Journal.FILE),
                "{\"type\":\"payment.made\",\"token\":\"" + partToken,
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        String laterToken;
        try (ConfigurableApplicationContext sandbox = start(dataDir, RECEIVER.url())) {
            int port = port(sandbox);
            assertThat(readLink(port, partToken).statusCode())
                    .as("paid after the restart")
                    .isEqualTo(409);
            laterToken = create(port, "1", "order-later").get("token").asString();
        }
        assertThat(output.getOut()).contains("ends in a line cut short");
        try (ConfigurableApplicationContext sandbox = start(dataDir, RECEIVER.url())) {
            assertThat(readLink(port(sandbox), laterToken).statusCode()).isEqualTo(200);
        }
    }

    /** The journal has no bodies: a delivery under way at the stop is recorded as abandoned, with the reason. */
    @Test
    void aDeliveryUnderWayWhenTheSandboxStopsIsAbandonedNotLost() throws IOException {
        String nobodyListens;
        try (ServerSocket closed = new ServerSocket(0)) {
            nobodyListens = "http://127.0.0.1:" + closed.getLocalPort() + "/webhooks/request-network";
        }
        String requestId;
        List<String> ids;
        try (ConfigurableApplicationContext sandbox =
                start(dataDir, nobodyListens, "sandbox.delivery.retry-delays=1m,1m,1m")) {
            int port = port(sandbox);
            JsonNode link = create(port, "5", "order-abandoned");
            requestId = link.get("requestIds").get(0).asString();
            send(port, "POST", "/sandbox/payments/" + link.get("token").asString(), null);
            await().atMost(PATIENCE)
                    .until(() -> deliveries(port).stream()
                            .allMatch(d -> d.get("status").asString().equals("retrying")));
            ids = deliveries(port).stream()
                    .map(d -> d.get("deliveryId").asString())
                    .toList();
        }

        try (ConfigurableApplicationContext sandbox = start(dataDir, nobodyListens)) {
            List<JsonNode> after = deliveries(port(sandbox));

            assertThat(after).extracting(d -> d.get("deliveryId").asString()).isEqualTo(ids);
            assertThat(after).allSatisfy(delivery -> {
                assertThat(delivery.get("requestId").asString()).isEqualTo(requestId);
                assertThat(delivery.get("status").asString()).isEqualTo("abandoned");
                assertThat(delivery.get("reason").asString()).contains("not resumed after a restart");
                assertThat(delivery.get("attempts")).hasSize(1);
            });
        }
    }

    @Test
    void withoutADataDirectoryTheStartSaysStateIsInMemoryOnly(CapturedOutput output) {
        try (ConfigurableApplicationContext sandbox = start(null, RECEIVER.url())) {
            assertThat(port(sandbox)).isPositive();
        }

        assertThat(output.getOut()).contains("Sandbox state is in memory only");
        assertThat(dataDir).isEmptyDirectory();
    }

    private static ConfigurableApplicationContext start(Path dataDir, String webhookUrl, String... more) {
        List<String> properties = new ArrayList<>(List.of(
                "server.port=0",
                "spring.main.banner-mode=off",
                "sandbox.data-dir=" + (dataDir == null ? "" : dataDir.toString()),
                "sandbox.api-keys=" + API_KEY,
                "sandbox.client-ids=" + CLIENT_ID,
                "sandbox.webhook-url=" + webhookUrl,
                "sandbox.latency.create.median=0",
                "sandbox.latency.read.median=0",
                "sandbox.delivery.retry-delays=100ms,200ms,300ms",
                "sandbox.delivery.timeout=1s"));
        for (String override : more) {
            String key = override.substring(0, override.indexOf('=') + 1);
            properties.removeIf(property -> property.startsWith(key));
            properties.add(override);
        }
        // As command-line arguments: above application.yml, as the launcher's environment variables are.
        return new SpringApplicationBuilder(RequestSandboxApplication.class)
                .run(properties.stream().map(property -> "--" + property).toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext sandbox) {
        return ((WebServerApplicationContext) sandbox).getWebServer().getPort();
    }

    private JsonNode create(int port, String amount, String reference) {
        HttpResponse<String> created = send(
                port,
                "POST",
                "/v2/secure-payments",
                "{\"requests\":[{\"amount\":\"%s\"}],\"reference\":\"%s\"}".formatted(amount, reference),
                "x-api-key",
                API_KEY);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created);
    }

    private HttpResponse<String> readLink(int port, String token) {
        return send(port, "GET", "/v2/secure-payments/" + token, null, "x-client-id", CLIENT_ID, "Origin", ORIGIN);
    }

    private List<JsonNode> deliveries(int port) {
        return json(send(port, "GET", "/sandbox/deliveries", null))
                .get("deliveries")
                .valueStream()
                .toList();
    }

    private HttpResponse<String> send(int port, String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
