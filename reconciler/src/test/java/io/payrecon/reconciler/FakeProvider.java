package io.payrecon.reconciler;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The provider's {@code GET /v2/request/{requestId}} as request-network-api.md §3 and the OpenAPI file describe it,
 * for the polling fallback: 200 with the request's state for the requests it was told about, 404 for the others,
 * 401 without the API key. Not our app, so a stand-in is fine here; the sandbox is tested end to end elsewhere.
 */
final class FakeProvider implements AutoCloseable {

    static final String API_KEY = "provider-key-for-tests";

    private final HttpServer server;
    private final Map<String, String> requests = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    private FakeProvider(HttpServer server) {
        this.server = server;
    }

    static FakeProvider start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            FakeProvider provider = new FakeProvider(server);
            server.createContext("/v2/request/", provider::answer);
            server.start();
            return provider;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on the request is paid in full by one payment with this transaction. */
    void paid(String requestId, String amount, String txHash) {
        requests.put(requestId, """
                {"requestId":"%1$s","paymentReference":"0x2c3366941274c34c","hasBeenPaid":true,"txHash":"%3$s",
                 "status":"paid","reference":null,"requestAmount":"%2$s","paidAmount":"%2$s","excessAmount":"0",
                 "payments":[{"paidAmount":"%2$s","paidCurrency":"USDC","txHash":"%3$s",
                              "timestamp":"2026-10-01T10:05:00Z","network":"sepolia"}]}
                """.formatted(requestId, amount, txHash));
    }

    /**
     * From now on the request, paid by one payment with this transaction, gave it all back: as the provider's
     * {@code GET /v2/request/{requestId}} (and the sandbox) shows it, still {@code hasBeenPaid} with what it received,
     * {@code status} {@code refunded}, and no refund amount anywhere.
     */
    void refunded(String requestId, String amount, String txHash) {
        requests.put(requestId, """
                {"requestId":"%1$s","paymentReference":"0x2c3366941274c34c","hasBeenPaid":true,"txHash":"%3$s",
                 "status":"refunded","reference":null,"requestAmount":"%2$s","paidAmount":"%2$s",
                 "excessAmount":"0","isListening":false,
                 "payments":[{"paidAmount":"%2$s","paidCurrency":"USDC","txHash":"%3$s",
                              "timestamp":"2026-10-01T10:05:00Z","network":"sepolia"}]}
                """.formatted(requestId, amount, txHash));
    }

    int callsFor(String requestId) {
        AtomicInteger count = calls.get(requestId);
        return count == null ? 0 : count.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String requestId = exchange.getRequestURI().getPath().substring("/v2/request/".length());
            calls.computeIfAbsent(requestId, id -> new AtomicInteger()).incrementAndGet();
            if (!API_KEY.equals(exchange.getRequestHeaders().getFirst("x-api-key"))) {
                send(exchange, 401, "{\"statusCode\":401,\"message\":\"Unauthorized\"}");
            } else if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "{\"message\":\"Method not allowed\"}");
            } else {
                String body = requests.get(requestId);
                if (body == null) {
                    send(exchange, 404, "{\"statusCode\":404,\"message\":\"Request not found\"}");
                } else {
                    send(exchange, 200, body);
                }
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
