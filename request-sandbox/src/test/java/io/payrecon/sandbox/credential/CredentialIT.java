package io.payrecon.sandbox.credential;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.sandbox.RunningSandbox;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Credentials as the provider checks them (request-network-api.md §1, §2, §3, §5): 401 for a missing or unknown one
 * (or an API key where only a Client ID is accepted), 403 for a revoked one, a frontend Client ID from the wrong origin,
 * or a destination that is not the credential's.
 */
class CredentialIT extends RunningSandbox {

    private static final String ONE_ITEM = "{\"requests\":[{\"amount\":\"1\"}]}";

    @Test
    void aRevokedApiKeyOrClientIdIsForbiddenNotUnknown() {
        HttpResponse<String> apiKey = post("/v2/secure-payments", ONE_ITEM, "x-api-key", REVOKED_API_KEY);
        HttpResponse<String> clientId =
                get("/v2/request/01abc", "x-client-id", REVOKED_CLIENT_ID, "Origin", BACKEND_ORIGIN);

        assertThat(apiKey.statusCode()).isEqualTo(403);
        assertThat(json(apiKey).get("message").asString()).isEqualTo("API key has been revoked.");
        assertThat(json(apiKey).get("error").asString()).isEqualTo("Forbidden");
        assertThat(clientId.statusCode()).isEqualTo(403);
        assertThat(json(clientId).get("message").asString()).isEqualTo("Client ID has been revoked.");
    }

    @Test
    void anUnknownCredentialIsUnauthorizedAndNeverEchoed() {
        HttpResponse<String> response =
                post("/v2/secure-payments", ONE_ITEM, "x-client-id", "cli_nobody_knows", "Origin", BACKEND_ORIGIN);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).get("statusCode").asInt()).isEqualTo(401);
        assertThat(response.body()).doesNotContain("cli_nobody_knows");
    }

    /** Guide §1: a frontend Client ID must send an {@code Origin} on its allow-list; another origin is 403. */
    @Test
    void aFrontendClientIdNeedsAnOriginOnItsAllowList() {
        HttpResponse<String> noOrigin = post("/v2/secure-payments", ONE_ITEM, "x-client-id", FRONTEND_CLIENT_ID);
        HttpResponse<String> otherOrigin = post(
                "/v2/secure-payments", ONE_ITEM, "x-client-id", FRONTEND_CLIENT_ID, "Origin", "https://evil.example");
        HttpResponse<String> allowed =
                post("/v2/secure-payments", ONE_ITEM, "x-client-id", FRONTEND_CLIENT_ID, "Origin", SHOP_ORIGIN);

        assertThat(noOrigin.statusCode()).isEqualTo(401);
        assertThat(json(noOrigin).get("message").asString()).isEqualTo(CredentialFilter.MISSING_ORIGIN);
        assertThat(otherOrigin.statusCode()).isEqualTo(403);
        assertThat(json(otherOrigin).get("message").asString()).isEqualTo("Origin not allowed for this Client ID.");
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(201);
    }

    /**
     * OpenAPI: {@code GET /v2/secure-payments/{token}} has {@code x-client-id} and {@code Origin} both
     * {@code required: true}; {@code POST /v2/secure-payments}, {@code GET /v2/request/{requestId}} and
     * {@code GET /v2/payments} say Origin is "required for Client ID auth". So a backend Client ID without one is 401
     * (guide §1: 401 for a missing credential) on every provider call; with any Origin it is served.
     */
    @Test
    void aBackendClientIdMustSendAnOriginButAnyOriginGoes() {
        String token = createLink("1").get("token").asString();
        String requestId = createLink("1").get("requestIds").get(0).asString();

        List<HttpResponse<String>> withoutOrigin = List.of(
                post("/v2/secure-payments", ONE_ITEM, "x-client-id", CLIENT_ID),
                get("/v2/secure-payments/" + token, "x-client-id", CLIENT_ID),
                get("/v2/request/" + requestId, "x-client-id", CLIENT_ID),
                get("/v2/payments?requestId=" + requestId, "x-client-id", CLIENT_ID));

        assertThat(withoutOrigin).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(json(response).get("message").asString()).isEqualTo(CredentialFilter.MISSING_ORIGIN);
        });
        assertThat(IntStream.of(
                        post("/v2/secure-payments", ONE_ITEM, "x-client-id", CLIENT_ID, "Origin", "https://a.example")
                                .statusCode(),
                        get("/v2/secure-payments/" + token, "x-client-id", CLIENT_ID, "Origin", "https://b.example")
                                .statusCode(),
                        get("/v2/request/" + requestId, clientIdHeaders()).statusCode(),
                        get("/v2/payments?requestId=" + requestId, clientIdHeaders())
                                .statusCode()))
                .containsExactly(201, 200, 200, 200);
    }

    /** Guide §1: an API key is for trusted backends; the OpenAPI asks for Origin only with Client ID auth. */
    @Test
    void anApiKeyNeedsNoOrigin() {
        String requestId = createLink("1").get("requestIds").get(0).asString();

        assertThat(get("/v2/request/" + requestId, "x-api-key", API_KEY).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aDestinationOtherThanTheCredentialsIsForbiddenWithTheProvidersMessage() {
        String body = "{\"requests\":[{\"amount\":\"1\",\"destinationId\":\"%s\"}]}".formatted(OTHER_DESTINATION);

        HttpResponse<String> response = post("/v2/secure-payments", body, "x-api-key", API_KEY);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response).get("message").asString())
                .isEqualTo("Destination does not match the configured payment destination.");
    }

    @Test
    void oneMismatchingItemOfABatchForbidsTheWholeBatch() {
        String body =
                "{\"requests\":[{\"amount\":\"1\",\"destinationId\":\"%s\"},{\"amount\":\"2\",\"destinationId\":\"%s\"}]}"
                        .formatted(DESTINATION, OTHER_DESTINATION);

        assertThat(post("/v2/secure-payments", body, "x-api-key", API_KEY).statusCode())
                .isEqualTo(403);
    }

    @Test
    void anOmittedDestinationResolvesToTheOneBoundToTheCredential() {
        JsonNode ours = createLinkFrom(ONE_ITEM);
        JsonNode theirs = createLinkFrom(ONE_ITEM, "x-api-key", OTHER_SHOP_API_KEY);

        assertThat(destinationOf(ours)).isEqualTo(DESTINATION);
        assertThat(destinationOf(theirs)).isEqualTo(OTHER_DESTINATION);
        String sameAsBound =
                "{\"requests\":[{\"amount\":\"1\",\"destinationId\":\"%s\"}]}".formatted(OTHER_DESTINATION);
        assertThat(post("/v2/secure-payments", sameAsBound, "x-api-key", OTHER_SHOP_API_KEY)
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void anUnboundBackendClientIdCannotCreateLinksButCanRead() {
        HttpResponse<String> create =
                post("/v2/secure-payments", ONE_ITEM, "x-client-id", UNBOUND_CLIENT_ID, "Origin", BACKEND_ORIGIN);
        String requestId = createLink("2").get("requestIds").get(0).asString();

        assertThat(create.statusCode()).isEqualTo(403);
        assertThat(json(create).get("message").asString())
                .isEqualTo("Backend Client ID is not bound to a payee destination.");
        assertThat(get("/v2/request/" + requestId, "x-client-id", UNBOUND_CLIENT_ID, "Origin", BACKEND_ORIGIN)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void everyProviderEndpointIsGuarded() {
        String token = createLink("1").get("token").asString();

        assertThat(IntStream.of(
                        get("/v2/secure-payments/" + token).statusCode(),
                        get("/v2/request/01abc").statusCode(),
                        get("/v2/payments?reference=order-1001").statusCode(),
                        post("/v2/secure-payments", ONE_ITEM).statusCode()))
                .containsOnly(401);
    }

    /** The provider's OpenAPI requires x-client-id to read a link: an API key, however valid, is not enough. */
    @Test
    void aLinkIsReadWithAClientIdOnlyLikeTheProvider() {
        String token = createLink("1").get("token").asString();

        HttpResponse<String> apiKey = get("/v2/secure-payments/" + token, "x-api-key", API_KEY);
        HttpResponse<String> both = get(
                "/v2/secure-payments/" + token,
                "x-api-key",
                API_KEY,
                "x-client-id",
                CLIENT_ID,
                "Origin",
                BACKEND_ORIGIN);
        HttpResponse<String> clientId = get("/v2/secure-payments/" + token, clientIdHeaders());
        HttpResponse<String> unknownClientId = get(
                "/v2/secure-payments/" + token,
                "x-api-key",
                API_KEY,
                "x-client-id",
                "cli_nobody_knows",
                "Origin",
                BACKEND_ORIGIN);

        assertThat(apiKey.statusCode()).isEqualTo(401);
        assertThat(json(apiKey).get("message").asString()).contains("x-client-id");
        assertThat(apiKey.body()).doesNotContain(API_KEY);
        assertThat(both.statusCode()).isEqualTo(200);
        assertThat(clientId.statusCode()).isEqualTo(200);
        assertThat(unknownClientId.statusCode()).isEqualTo(401);
        // The other provider calls still take the API key.
        assertThat(get("/v2/request/" + createLink("1").get("requestIds").get(0).asString(), "x-api-key", API_KEY)
                        .statusCode())
                .isEqualTo(200);
    }

    /**
     * The credential is checked on the path as requests are routed: a matrix parameter ({@code ;x}) or a
     * percent-encoded segment still reaches the controller, so it needs the key; what Tomcat or Spring do not route to
     * a controller (an encoded slash, an encoded {@code ;}, a dot segment) is refused either way. Sent over a plain
     * socket, so the request line is exactly these bytes.
     */
    @Test
    void noSpellingOfAProviderPathGetsPastTheCredentialCheck() {
        String requestId = createLink("1").get("requestIds").get(0).asString();
        List<String> spellings = List.of(
                "/v2;x/request/" + requestId,
                "/v2;/request/" + requestId,
                "/v2;x=1;y=2/request/" + requestId,
                "/v2/request;x/" + requestId,
                "/v2/request/" + requestId + ";x",
                "/%76%32/request/" + requestId,
                "/v2/requ%65st/" + requestId,
                "/v2%3Bx/request/" + requestId,
                "/v2%3brequest/" + requestId,
                "/v2%2Frequest/" + requestId,
                "/v2/request%2F" + requestId,
                "/v2%5Crequest/" + requestId,
                "//v2/request/" + requestId,
                "/v2//request/" + requestId,
                "/./v2/request/" + requestId,
                "/v2/./request/" + requestId,
                "/v2/%2e/request/" + requestId,
                "/x/../v2/request/" + requestId,
                "/v2/x/../request/" + requestId,
                "/v2/x/%2e%2e/request/" + requestId,
                "/v2/request/" + requestId + "/");

        assertThat(rawGet("/v2/request/" + requestId, "x-api-key", API_KEY))
                .as("the plain path, with the key")
                .isEqualTo(200);
        for (String path : spellings) {
            int withoutKey = rawGet(path);
            int withKey = rawGet(path, "x-api-key", API_KEY);

            assertThat(withoutKey).as("GET %s without a credential", path).isIn(400, 401, 404);
            if (withKey == 200) {
                assertThat(withoutKey)
                        .as("GET %s reaches the controller, so without a credential it is", path)
                        .isEqualTo(401);
            }
        }
        assertThat(rawGet("/v2;x/request/" + requestId)).isEqualTo(401);
        assertThat(rawGet("/%76%32/request/" + requestId)).isEqualTo(401);
        assertThat(rawGet("/v2/request;x/" + requestId)).isEqualTo(401);
    }

    @Test
    void aLinkReadWithAPathParameterStillTakesAClientIdOnly() {
        String token = createLink("1").get("token").asString();

        assertThat(rawGet("/v2/secure-payments;x/" + token, "x-api-key", API_KEY))
                .isEqualTo(401);
        assertThat(rawGet("/v2/secure-payments/" + token + ";x", "x-api-key", API_KEY))
                .isEqualTo(401);
        assertThat(rawGet("/v2/secure-payments;x/" + token, clientIdHeaders())).isEqualTo(200);
    }

    /** The status of {@code GET target} sent byte for byte, with no client normalizing the path. */
    private int rawGet(String target, String... headers) {
        StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String statusLine = new BufferedReader(
                            new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))
                    .readLine();
            assertThat(statusLine).as("status line of GET %s", target).startsWith("HTTP/1.1 ");
            return Integer.parseInt(statusLine.split(" ")[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String destinationOf(JsonNode created) {
        JsonNode link = json(get("/v2/secure-payments/" + created.get("token").asString(), clientIdHeaders()));
        return link.get("destination").get("destinationId").asString();
    }
}
