package io.payrecon.link;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A test double of the external provider over real HTTP, answering as request-network-api.md §1-3 describes:
 * {@code POST /v2/secure-payments} (201 with request ids, token and URL, or whatever a test programs for an order by
 * its reference), {@code GET /v2/request/{requestId}} (200 unpaid for the requests it created, 404 for others, or
 * whatever a test programs) and {@code GET /v2/secure-payments/{token}} (401 without {@code x-client-id}, like the
 * provider; 403 "expired" otherwise). It accepts {@link #API_KEY} in {@code x-api-key}, or the frontend client id
 * {@link #CLIENT_ID} in {@code x-client-id} with {@code Origin: }{@link #ORIGIN}. Tests can hold a create until they
 * release it (to overlap concurrent requests or force a timeout) and refuse connections altogether.
 */
public final class FakeProvider implements AutoCloseable {

    public static final String API_KEY = "sk_test_provider_secret_6f1c";
    public static final String CLIENT_ID = "cli_test_frontend_9a2b";
    public static final String ORIGIN = "https://shop.example.com";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final Duration LONGEST_HOLD = Duration.ofSeconds(60);

    /** One call the provider received. */
    public record Call(String method, String path, Map<String, String> headers, JsonNode body) {}

    private record Answer(int status, String body) {}

    /** A create held until {@link #release()}. */
    public static final class Hold {
        private final CountDownLatch released = new CountDownLatch(1);

        public void release() {
            released.countDown();
        }

        private void await() {
            try {
                released.await(LONGEST_HOLD.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final boolean recordCalls;
    private final Duration latency;
    private final ExecutorService executor;
    private final int port;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, Answer> requests = new ConcurrentHashMap<>();
    private final Map<String, String> requestAmounts = new ConcurrentHashMap<>();
    private final Map<String, Hold> holds = new ConcurrentHashMap<>();
    private volatile HttpServer server;

    /** A provider for tests: records every call. */
    public FakeProvider() {
        this(true, Duration.ZERO, 8);
    }

    /**
     * @param recordCalls false under load, where the calls are not inspected
     * @param latency how long each answer takes, to stand in for a remote provider
     * @param threads how many calls it serves at once
     */
    public FakeProvider(boolean recordCalls, Duration latency, int threads) {
        this.recordCalls = recordCalls;
        this.latency = latency;
        this.executor = Executors.newFixedThreadPool(threads);
        this.server = start(0);
        this.port = server.getAddress().getPort();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Answers every create whose reference is {@code reference} with this status and body. */
    public void answer(String reference, int status, String body) {
        answers.put(reference, new Answer(status, body));
    }

    /** Answers every {@code GET /v2/request/{requestId}} of this request with this status and body. */
    public void answerRequest(String requestId, int status, String body) {
        requests.put(requestId, new Answer(status, body));
    }

    /** Holds every create for {@code reference} (after recording it) until the hold is released, at most a minute. */
    public Hold hold(String reference) {
        Hold hold = new Hold();
        holds.put(reference, hold);
        return hold;
    }

    /** Closes the port: calls fail with a refused connection until {@link #acceptConnections()}. */
    public synchronized void refuseConnections() {
        server.stop(0);
    }

    /** Listens again, on the same port. */
    public synchronized void acceptConnections() {
        server = start(port);
    }

    /** The creates the provider received for a reference (we send the order id). */
    public List<Call> createsFor(String reference) {
        return calls.stream()
                .filter(call -> call.method().equals("POST") && call.path().equals("/v2/secure-payments"))
                .filter(call -> call.body() != null
                        && reference.equals(call.body().path("reference").asString(null)))
                .toList();
    }

    /** The {@code GET /v2/request/{requestId}} calls the provider received for a request. */
    public List<Call> requestReadsOf(String requestId) {
        return calls.stream()
                .filter(call -> call.method().equals("GET") && call.path().equals("/v2/request/" + requestId))
                .toList();
    }

    /** The {@code GET /v2/secure-payments/{token}} calls the provider received for a link. */
    public List<Call> linkReadsOf(String token) {
        return calls.stream()
                .filter(call -> call.method().equals("GET") && call.path().equals("/v2/secure-payments/" + token))
                .toList();
    }

    @Override
    public synchronized void close() {
        holds.values().forEach(Hold::release);
        server.stop(0);
        executor.shutdownNow();
    }

    private HttpServer start(int port) {
        try {
            HttpServer started = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 100);
            started.createContext("/", this::handle);
            started.setExecutor(executor);
            started.start();
            return started;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the fake provider on port " + port, e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            JsonNode body = raw.length == 0 ? null : JSON.readTree(raw);
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders()
                    .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if (recordCalls) {
                calls.add(new Call(method, path, headers, body));
            }
            if (!latency.isZero()) {
                LockSupport.parkNanos(latency.toNanos());
            }
            Answer refused = refusedCredential(headers);
            if (refused != null) {
                respond(exchange, refused.status(), refused.body());
            } else if ("POST".equals(method) && path.equals("/v2/secure-payments")) {
                create(exchange, body);
            } else if ("GET".equals(method) && path.startsWith("/v2/secure-payments/")) {
                // The provider reads links for x-client-id callers only (request-network-api.md §3).
                if (!headers.containsKey("x-client-id")) {
                    respond(exchange, 401, "{\"message\":\"Unauthorized\",\"statusCode\":401}");
                } else {
                    respond(exchange, 403, "{\"message\":\"Secure payment token expired or invalid status\"}");
                }
            } else if ("GET".equals(method) && path.startsWith("/v2/request/")) {
                Answer answer = requestAnswer(path.substring("/v2/request/".length()));
                respond(exchange, answer.status(), answer.body());
            } else {
                respond(exchange, 404, "{\"message\":\"Not found\"}");
            }
        }
    }

    private void create(HttpExchange exchange, JsonNode body) throws IOException {
        String reference = body == null ? "" : body.path("reference").asString("");
        Hold hold = holds.get(reference);
        if (hold != null) {
            hold.await();
        }
        Answer answer = answers.get(reference);
        if (answer != null) {
            respond(exchange, answer.status(), answer.body());
        } else {
            String created = created(body.path("requests").size());
            JsonNode requestIds = JSON.readTree(created).path("requestIds");
            for (int i = 0; i < requestIds.size(); i++) {
                requestAmounts.put(
                        requestIds.get(i).asString(),
                        body.path("requests").get(i).path("amount").asString());
            }
            respond(exchange, 201, created);
        }
    }

    /** What a test programmed for the request; else unpaid when this provider created it, else 404. */
    private Answer requestAnswer(String requestId) {
        Answer programmed = requests.get(requestId);
        if (programmed != null) {
            return programmed;
        }
        String amount = requestAmounts.get(requestId);
        if (amount == null) {
            return new Answer(404, "{\"message\":\"Request not found\"}");
        }
        return new Answer(
                200,
                JSON.writeValueAsString(Map.of(
                        "requestId",
                        requestId,
                        "hasBeenPaid",
                        false,
                        "status",
                        "pending",
                        "requestAmount",
                        amount,
                        "paidAmount",
                        "0",
                        "excessAmount",
                        "0",
                        "payments",
                        List.of())));
    }

    /** 401 for a missing or unknown credential, 403 for the frontend client id without its Origin. */
    private static Answer refusedCredential(Map<String, String> headers) {
        if (API_KEY.equals(headers.get("x-api-key"))) {
            return null;
        }
        if (CLIENT_ID.equals(headers.get("x-client-id"))) {
            return ORIGIN.equals(headers.get("origin"))
                    ? null
                    : new Answer(403, "{\"message\":\"Origin is not allowed for this client id\"}");
        }
        return new Answer(401, "{\"message\":\"Invalid API key\"}");
    }

    private static String created(int requests) {
        String token = ulid();
        List<String> requestIds = IntStream.range(0, requests)
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
