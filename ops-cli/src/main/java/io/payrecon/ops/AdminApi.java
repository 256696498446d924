package io.payrecon.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reconciler's admin API over HTTP, with the operator's own key in {@code X-Admin-Key}: the reconciler knows who
 * asks from the key alone.
 */
final class AdminApi {

    /** Every request answers at once: long operations are jobs, started with one request and followed with more. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String adminKey;
    private final JsonMapper json;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AdminApi(String url, String adminKey, JsonMapper json) {
        this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.adminKey = adminKey;
        this.json = json;
    }

    /** What the reconciler answered: its status and its JSON body (a problem detail when it refused). */
    record Answer(int status, JsonNode body) {

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    Answer send(Call call) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + call.path()))
                .timeout(TIMEOUT)
                .header("X-Admin-Key", adminKey)
                .header("Accept", "application/json, application/problem+json");
        if (call.body() == null) {
            request.method(call.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(call.method(), HttpRequest.BodyPublishers.ofString(json.writeValueAsString(call.body())));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        JsonNode node = body == null || body.isBlank() ? json.createObjectNode() : readOrText(body);
        return new Answer(response.statusCode(), node);
    }

    private JsonNode readOrText(String body) {
        try {
            return json.readTree(body);
        } catch (RuntimeException e) {
            return json.createObjectNode().put("detail", body);
        }
    }
}
