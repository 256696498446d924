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

    /**
     * From now on the request is paid in full by one payment with this transaction: {@code hasBeenPaid}, the payment's
     * {@code txHash}, no {@code conversionBreakdown} (the OpenAPI gives one for partial or multiple payments only), and
     * the payment as an item of {@code payments[]} (untyped in the OpenAPI; the sandbox's item shape).
     */
    void paid(String requestId, String amount, String txHash) {
        answer(requestId, true, txHash, "paid", item(txHash, amount), null);
    }

    /**
     * From now on the request received part of its amount in one payment: not {@code hasBeenPaid}, with a
     * {@code conversionBreakdown} of what it received and what remains.
     */
    void partlyPaid(String requestId, String paid, String remaining, String txHash) {
        answer(requestId, false, txHash, "partially_paid", item(txHash, paid), """
                {"paidAmount":"%1$s","remainingAmount":"%2$s",
                 "payments":[{"amount":"%1$s","timestamp":"2026-10-01T10:05:00Z"}]}""".formatted(paid, remaining));
    }

    /**
     * From now on the request is paid in full by two payments: {@code hasBeenPaid}, the last payment's {@code txHash},
     * and a {@code conversionBreakdown} of the two (the OpenAPI's "multiple payments" example).
     */
    void paidInTwo(String requestId, String first, String firstTx, String second, String secondTx) {
        String total = new java.math.BigDecimal(first)
                .add(new java.math.BigDecimal(second))
                .toPlainString();
        answer(requestId, true, secondTx, "paid", item(firstTx, first) + "," + item(secondTx, second), """
                {"paidAmount":"%s","remainingAmount":"0",
                 "payments":[{"amount":"%s","timestamp":"2026-10-01T10:05:00Z"},
                             {"amount":"%s","timestamp":"2026-10-01T10:05:00Z"}]}""".formatted(
                        total, first, second));
    }

    /**
     * From now on the request, paid by one payment with this transaction, gave it all back: as the sandbox shows it,
     * still {@code hasBeenPaid}, {@code status} {@code refunded}, and no refund amount anywhere (the OpenAPI has no
     * refund field).
     */
    void refunded(String requestId, String amount, String txHash) {
        answer(requestId, true, txHash, "refunded", item(txHash, amount), null);
    }

    /** From now on the provider answers exactly this body (200) for the request. */
    void answersRaw(String requestId, String body) {
        requests.put(requestId, body);
    }

    private void answer(
            String requestId, boolean paid, String txHash, String status, String payments, String breakdown) {
        requests.put(requestId, """
                {"requestId":"%s","paymentReference":"0x2c3366941274c34c","hasBeenPaid":%s,"isListening":%s,
                 "txHash":"%s","status":"%s","reference":null,"payments":[%s],"conversionBreakdown":%s,
                 "customerInfo":null,"fees":null}
                """.formatted(requestId, paid, !paid, txHash, status, payments, breakdown));
    }

    private static String item(String txHash, String amount) {
        return """
                {"txHash":"%s","amount":"%s","currency":"USDC","timestamp":"2026-10-01T10:05:00Z"}""".formatted(txHash, amount);
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
