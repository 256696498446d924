package io.payrecon.link;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A test double of the external provider's {@code POST /v2/secure-payments}, answering as request-network-api.md §2
 * describes: 201 with request ids, token and URL, or whatever a test programs for an order (by its reference).
 */
public final class FakeProvider implements AutoCloseable {

    public static final String API_KEY = "sk_test_provider_secret_6f1c";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /** One call the provider received. */
    public record Call(String method, String path, Map<String, String> headers, JsonNode body) {}

    private record Answer(int status, String body) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    public FakeProvider() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the fake provider", e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers every create whose reference is {@code reference} with this status and body. */
    public void answer(String reference, int status, String body) {
        answers.put(reference, new Answer(status, body));
    }

    /** The creates the provider received for a reference (we send the order id). */
    public List<Call> createsFor(String reference) {
        return calls.stream()
                .filter(call -> call.path().equals("/v2/secure-payments"))
                .filter(call -> call.body() != null
                        && reference.equals(call.body().path("reference").asString(null)))
                .toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            JsonNode body = raw.length == 0 ? null : JSON.readTree(raw);
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders()
                    .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            String path = exchange.getRequestURI().getPath();
            calls.add(new Call(exchange.getRequestMethod(), path, headers, body));
            if (!"POST".equals(exchange.getRequestMethod()) || !path.equals("/v2/secure-payments")) {
                respond(exchange, 404, "{\"message\":\"Not found\"}");
            } else if (!API_KEY.equals(headers.get("x-api-key"))) {
                respond(exchange, 401, "{\"message\":\"Invalid API key\"}");
            } else {
                Answer answer = answers.get(body.path("reference").asString(""));
                if (answer != null) {
                    respond(exchange, answer.status(), answer.body());
                } else {
                    respond(exchange, 201, created(body.path("requests").size()));
                }
            }
        }
    }

    private static String created(int requests) {
        String token = ulid();
        List<String> requestIds = java.util.stream.IntStream.range(0, requests)
                .mapToObj(i -> "01" + HexFormat.of().formatHex(uuidBytes())
                        + HexFormat.of().formatHex(uuidBytes()))
                .toList();
        return JSON.writeValueAsString(Map.of(
                "requestIds",
                requestIds,
                "securePaymentUrl",
                "https://pay.request.network/?token=" + token,
                "token",
                token,
                "feePlan",
                Map.of("feePercentage", "0.5")));
    }

    private static String ulid() {
        byte[] random = uuidBytes();
        StringBuilder ulid = new StringBuilder(26);
        for (int i = 0; i < 26; i++) {
            ulid.append(CROCKFORD.charAt((random[i % random.length] & 0xff) % 32));
        }
        return ulid.toString();
    }

    private static byte[] uuidBytes() {
        UUID uuid = UUID.randomUUID();
        return java.nio.ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits())
                .array();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
