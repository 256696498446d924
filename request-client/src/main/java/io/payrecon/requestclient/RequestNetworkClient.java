package io.payrecon.requestclient;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.DefaultUriBuilderFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A typed client for the provider calls the pipeline makes: creating secure payment links, reading a request
 * (the polling fallback) and reading a link. Every failure is a {@link ProviderException}; credentials are sent as
 * headers and never logged nor put in an exception. Thread-safe: one instance per app.
 */
public final class RequestNetworkClient {

    private static final Logger log = LoggerFactory.getLogger(RequestNetworkClient.class);

    /** Bodies are small; anything larger is not an answer of this API. */
    private static final int MAX_BODY_BYTES = 1 << 20;

    /** How much of a failed answer's body an exception keeps. */
    private static final int MAX_BODY_IN_EXCEPTION = 4096;

    private static final String REDACTED = "[redacted]";

    private final RestClient rest;
    private final JsonMapper json;
    private final List<String> credentials;

    /** A client on its own JDK {@link HttpClient}, with {@code request.timeout} for connecting and reading. */
    public RequestNetworkClient(RequestNetworkProperties properties) {
        this(properties, RestClient.builder());
    }

    /**
     * A client built from an app's {@link RestClient.Builder} (for its observations and interceptors). The builder
     * is cloned; its base URL, request factory and URI encoding are replaced.
     *
     * @throws IllegalArgumentException when no credential is configured
     */
    public RequestNetworkClient(RequestNetworkProperties properties, RestClient.Builder builder) {
        if (!properties.hasCredential()) {
            throw new IllegalArgumentException("No Request Network credential is configured: set request.api-key "
                    + "(env REQUEST_API_KEY) or request.client-id (env REQUEST_CLIENT_ID)");
        }
        this.credentials = Stream.of(properties.apiKey(), properties.clientId())
                .filter(value -> value != null)
                .toList();
        this.json = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .build();
        this.rest = builder.clone()
                .requestFactory(requestFactory(properties.timeout(), properties.baseUrl()))
                .uriBuilderFactory(uriBuilderFactory(properties))
                .defaultHeaders(headers -> authenticate(headers, properties))
                .build();
    }

    /**
     * Creates a secure payment link: {@code POST /v2/secure-payments}. Not idempotent at the provider: a retry
     * after a timeout may create a second link.
     */
    public SecurePaymentCreated createSecurePayment(SecurePaymentRequest request) {
        String operation = "POST /v2/secure-payments";
        RestClient.RequestHeadersSpec<?> call = rest.post()
                .uri("/v2/secure-payments")
                .contentType(MediaType.APPLICATION_JSON)
                .body(json.writeValueAsBytes(request));
        return exchange(operation, call, (status, body) -> {
            if (status / 100 != 2) {
                throw httpError(operation, status, body);
            }
            return read(operation, status, body, SecurePaymentCreated.class);
        });
    }

    /**
     * Reads a request: {@code GET /v2/request/{requestId}}, the polling fallback when webhooks are missed. Read field
     * by field (see {@link RequestStatus}): only a {@code hasBeenPaid} that is missing or not a boolean makes the
     * answer unreadable ({@link ProviderException.Kind#INVALID_RESPONSE}, its message saying so).
     *
     * @return empty when the provider does not know the request (404)
     */
    public Optional<RequestStatus> findRequest(String requestId) {
        requireId("requestId", requestId);
        String operation = "GET /v2/request/" + requestId;
        RestClient.RequestHeadersSpec<?> call = rest.get().uri("/v2/request/{requestId}", requestId);
        return exchange(operation, call, (status, body) -> {
            if (status == 404) {
                return Optional.empty();
            }
            if (status != 200) {
                throw httpError(operation, status, body);
            }
            try {
                return Optional.of(RequestStatusReader.read(requestId, tree(body)));
            } catch (RequestStatusReader.UnreadableAnswer e) {
                throw invalidResponse(operation, status, body, e);
            }
        });
    }

    /**
     * Reads a link: {@code GET /v2/secure-payments/{token}}. Payable, not payable (expired), unknown, completed and
     * in progress are answers, not failures: see {@link SecurePaymentLookup.Outcome}.
     */
    public SecurePaymentLookup lookUpSecurePayment(String token) {
        requireId("token", token);
        String operation = "GET /v2/secure-payments/" + token;
        RestClient.RequestHeadersSpec<?> call = rest.get().uri("/v2/secure-payments/{token}", token);
        return exchange(operation, call, (status, body) -> {
            SecurePaymentLookup.Outcome outcome = SecurePaymentLookup.Outcome.of(status);
            if (outcome == null) {
                throw httpError(operation, status, body);
            }
            JsonNode tree = tree(body);
            if (outcome == SecurePaymentLookup.Outcome.PAYABLE && (tree == null || !tree.isObject())) {
                throw invalidResponse(operation, status, body, null);
            }
            LookupFields fields = tree != null && tree.isObject()
                    ? read(operation, status, body, LookupFields.class)
                    : new LookupFields(null, null, null, null, null, null);
            return new SecurePaymentLookup(
                    outcome,
                    fields.status(),
                    fields.requestIds(),
                    fields.amount(),
                    fields.paymentCurrency(),
                    fields.reference(),
                    fields.requestStatuses(),
                    redact(messageOf(tree)),
                    tree);
        });
    }

    /** The typed fields of a secure payment answer; the rest stays in its JSON body. */
    record LookupFields(
            String status,
            List<String> requestIds,
            BigDecimal amount,
            String paymentCurrency,
            String reference,
            List<SecurePaymentLookup.RequestPaymentStatus> requestStatuses) {}

    @FunctionalInterface
    private interface Answer<T> {
        T handle(int status, byte[] body);
    }

    private <T> T exchange(String operation, RestClient.RequestHeadersSpec<?> call, Answer<T> answer) {
        long started = System.nanoTime();
        try {
            return call.accept(MediaType.APPLICATION_JSON).exchange((request, response) -> {
                int status = response.getStatusCode().value();
                byte[] body = readBody(response.getBody());
                log.debug(
                        "Request Network {} -> {} in {} ms",
                        operation,
                        status,
                        Duration.ofNanos(System.nanoTime() - started).toMillis());
                return answer.handle(status, body);
            });
        } catch (ProviderException e) {
            throw e;
        } catch (RestClientException e) {
            boolean timeout = causes(e)
                    .anyMatch(
                            cause -> cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException);
            ProviderException.Kind kind =
                    timeout ? ProviderException.Kind.TIMEOUT : ProviderException.Kind.CONNECTION_FAILED;
            log.debug("Request Network {} failed after {} ms: {}", operation, elapsedMillis(started), kind);
            throw new ProviderException(kind, operation, 0, null, null, null, e);
        }
    }

    private static long elapsedMillis(long started) {
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }

    private static byte[] readBody(InputStream body) throws IOException {
        if (body == null) {
            return new byte[0];
        }
        try (body) {
            return body.readNBytes(MAX_BODY_BYTES);
        }
    }

    private <T> T read(String operation, int status, byte[] body, Class<T> type) {
        try {
            T value = json.readValue(body, type);
            if (value == null) {
                throw invalidResponse(operation, status, body, null);
            }
            return value;
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw invalidResponse(operation, status, body, e);
        }
    }

    private ProviderException httpError(String operation, int status, byte[] body) {
        JsonNode tree = tree(body);
        return new ProviderException(
                ProviderException.Kind.HTTP_STATUS,
                operation,
                status,
                redact(messageOf(tree)),
                redact(
                        tree != null && tree.path("code").isString()
                                ? tree.get("code").asString()
                                : null),
                rawBody(body),
                null);
    }

    /** A success whose body is not what the API describes; the cause's message when it is ours, saying why. */
    private ProviderException invalidResponse(String operation, int status, byte[] body, Exception cause) {
        String why = cause instanceof RequestStatusReader.UnreadableAnswer unreadable ? unreadable.getMessage() : null;
        return new ProviderException(
                ProviderException.Kind.INVALID_RESPONSE, operation, status, null, null, rawBody(body), cause, why);
    }

    /** The provider's {@code message}: a string, or a list of validation messages joined with "; ". */
    private static String messageOf(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            return null;
        }
        JsonNode message = tree.get("message");
        if (message == null || message.isNull()) {
            return null;
        }
        if (message.isArray()) {
            List<String> parts = new ArrayList<>();
            message.forEach(part -> parts.add(part.isString() ? part.asString() : part.toString()));
            return String.join("; ", parts);
        }
        return message.isString() ? message.asString() : message.toString();
    }

    private JsonNode tree(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            JsonNode tree = json.readTree(body);
            return tree == null || tree.isMissingNode() ? null : tree;
        } catch (JacksonException e) {
            return null;
        }
    }

    private String rawBody(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        String text = new String(body, 0, Math.min(body.length, MAX_BODY_IN_EXCEPTION), StandardCharsets.UTF_8);
        return redact(body.length > MAX_BODY_IN_EXCEPTION ? text + "…" : text);
    }

    private String redact(String text) {
        if (text == null) {
            return null;
        }
        String redacted = text;
        for (String credential : credentials) {
            redacted = redacted.replace(credential, REDACTED);
        }
        return redacted;
    }

    private static Stream<Throwable> causes(Throwable error) {
        return Stream.iterate(error, cause -> cause != null, Throwable::getCause);
    }

    private static void requireId(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }

    /**
     * HTTP/2 (negotiated by TLS) for the provider's {@code https} API; HTTP/1.1 for a plain {@code http} base URL (the
     * sandbox, a local stand-in), where the JDK client would otherwise send an {@code h2c} upgrade on every new
     * connection: at 200 creates/s that cost link-service its p99 (2.75 s → 128 ms in its benchmark).
     *
     * <p>The client's executor is a pool whose threads are reused: Spring writes each request body from a task of the
     * client's executor, and without one of our own it starts a new thread for every request (with its own socket
     * buffers), which cost link-service about a fifth of its CPU per create.
     */
    private static JdkClientHttpRequestFactory requestFactory(Duration timeout, URI baseUrl) {
        AtomicInteger threads = new AtomicInteger();
        HttpClient http = HttpClient.newBuilder()
                .executor(Executors.newCachedThreadPool(task -> {
                    Thread thread = new Thread(task, "request-client-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }))
                .version(
                        "https".equalsIgnoreCase(baseUrl.getScheme())
                                ? HttpClient.Version.HTTP_2
                                : HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(timeout);
        return factory;
    }

    /** Path variables are encoded whole, so an id can never reach another path. */
    private static DefaultUriBuilderFactory uriBuilderFactory(RequestNetworkProperties properties) {
        DefaultUriBuilderFactory factory =
                new DefaultUriBuilderFactory(properties.baseUrl().toString().replaceAll("/+$", ""));
        factory.setEncodingMode(DefaultUriBuilderFactory.EncodingMode.VALUES_ONLY);
        return factory;
    }

    private static void authenticate(HttpHeaders headers, RequestNetworkProperties properties) {
        if (properties.apiKey() != null) {
            headers.set("x-api-key", properties.apiKey());
            return;
        }
        headers.set("x-client-id", properties.clientId());
        if (properties.origin() != null) {
            headers.set(HttpHeaders.ORIGIN, properties.origin());
        }
    }
}
