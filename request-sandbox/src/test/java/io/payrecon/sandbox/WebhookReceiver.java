package io.payrecon.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server standing in for the webhook-gateway: it records every delivery attempt in the order they
 * arrive and answers 200, or what a test scripted for a request id and event (a status per attempt, or
 * {@link #STALL} to answer only after the sender gave up).
 */
public final class WebhookReceiver {

    /** Scripted instead of a status: hold the answer for longer than the sandbox's delivery timeout. */
    public static final int STALL = -1;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One delivery attempt as it arrived. */
    public record Received(Map<String, String> headers, byte[] body, JsonNode json, Instant at) {

        public String header(String name) {
            return headers.get(name);
        }

        public String requestId() {
            return json.path("requestId").asString();
        }

        public String event() {
            return json.path("event").asString();
        }

        public String deliveryId() {
            return header("x-request-network-delivery");
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();
    private final CountDownLatch stalled = new CountDownLatch(1);

    private WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "webhook-receiver");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/webhooks/request-network", this::handle);
        server.start();
    }

    public static WebhookReceiver start() {
        try {
            return new WebhookReceiver();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/request-network";
    }

    /** Answers the next attempts of this event for this request id with these statuses, in order; then 200. */
    public void script(String requestId, String event, Integer... statuses) {
        scripts.put(requestId + "|" + event, new ArrayDeque<>(List.of(statuses)));
    }

    /** Every attempt for the request id, in arrival order. */
    public List<Received> deliveriesFor(String requestId) {
        return received.stream()
                .filter(delivery -> requestId.equals(delivery.requestId()))
                .toList();
    }

    /** Every attempt of one event for the request id, in arrival order. */
    public List<Received> deliveriesFor(String requestId, String event) {
        return deliveriesFor(requestId).stream()
                .filter(delivery -> event.equals(delivery.event()))
                .toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
        byte[] body = exchange.getRequestBody().readAllBytes();
        Received delivery = new Received(headers, body, JSON.readTree(body), Instant.now());
        received.add(delivery);
        Deque<Integer> script = scripts.get(delivery.requestId() + "|" + delivery.event());
        Integer scripted = script == null ? null : script.poll();
        int status = scripted == null ? 200 : scripted;
        if (status == STALL) {
            try {
                stalled.await(3, TimeUnit.SECONDS); // never released: outlasts the sender's timeout
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            status = 200;
        }
        try {
            exchange.sendResponseHeaders(status, -1);
        } catch (IOException senderGone) {
            // the sender timed out and closed the connection
        }
        exchange.close();
    }
}
