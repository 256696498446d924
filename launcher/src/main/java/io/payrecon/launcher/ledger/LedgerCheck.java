package io.payrecon.launcher.ledger;

import io.payrecon.events.EventCodec;
import io.payrecon.events.OrderPaymentStatusChanged;
import io.payrecon.events.OrderStatusEvent;
import io.payrecon.events.PaymentStatus;
import io.payrecon.events.Topics;
import io.payrecon.events.WebhookEvent;
import io.payrecon.events.WebhookReceived;
import io.payrecon.launcher.SystemEndpoints;
import io.payrecon.launcher.SystemHttp;
import io.payrecon.launcher.ledger.Observations.ObservedOrder;
import io.payrecon.launcher.ledger.Observations.ParkedWebhook;
import io.payrecon.launcher.ledger.Observations.PublishedStatus;
import io.payrecon.launcher.ledger.Observations.RecordedDelivery;
import io.payrecon.launcher.traffic.Pacing;
import io.payrecon.launcher.traffic.PlacedOrder;
import io.payrecon.launcher.traffic.SandboxDelivery;
import io.payrecon.launcher.traffic.TrafficRecord;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.JsonNode;

/**
 * Checks a run's ledger against the running system, once it has quiesced: the sandbox's settled links are the
 * provider's truth; the reconciler's API, its tables (read with JDBC: there is no API for deliveries) and the status
 * topic are what the system made of it. A failed check is repeated until it passes or {@code patience} runs out,
 * because deliveries that fell into an outage are only recovered by the reconciler's next poll.
 */
public final class LedgerCheck {

    private static final Duration RECHECK_EVERY = Duration.ofSeconds(10);

    private final SystemEndpoints endpoints;
    private final PrintStream out;
    private final Quiescence quiescence;
    private final LogReader log;
    private final Database database;

    public LedgerCheck(SystemEndpoints endpoints, PrintStream out) {
        this.endpoints = endpoints;
        this.out = out;
        this.quiescence = new Quiescence(endpoints);
        this.log = new LogReader(endpoints.kafkaAdmin());
        this.database = new Database(endpoints);
    }

    /** Waits for quiet, checks, and checks again while discrepancies remain and patience lasts. */
    public LedgerReport run(TrafficRecord traffic, Duration patience) {
        long started = System.nanoTime();
        long deadline = started + patience.toNanos();
        int rounds = 0;
        while (true) {
            rounds++;
            Duration left = Duration.ofNanos(Math.max(
                    deadline - System.nanoTime(), Duration.ofSeconds(30).toNanos()));
            Quiescence.Snapshot quiet = quiescence.await(left, out);
            Round round = checkOnce(traffic, quiet);
            if (round.discrepancies().isEmpty() || System.nanoTime() + RECHECK_EVERY.toNanos() > deadline) {
                return new LedgerReport(
                        round.discrepancies(),
                        round.expected().size(),
                        round.expected().stream()
                                .filter(OrderExpectation::exists)
                                .collect(Collectors.groupingBy(
                                        OrderExpectation::status,
                                        () -> new EnumMap<>(PaymentStatus.class),
                                        Collectors.counting())),
                        traffic.acceptedDeliveries().size(),
                        round.statusEvents(),
                        rounds,
                        Duration.ofNanos(System.nanoTime() - started));
            }
            out.printf(
                    "Ledger: %d discrepancies (first: %s); checking again in %d s, polling may still recover missed"
                            + " webhooks%n",
                    round.discrepancies().size(), round.discrepancies().get(0), RECHECK_EVERY.toSeconds());
            Pacing.sleep(RECHECK_EVERY);
        }
    }

    private record Round(List<OrderExpectation> expected, List<Discrepancy> discrepancies, int statusEvents) {}

    private Round checkOnce(TrafficRecord traffic, Quiescence.Snapshot quiet) {
        List<String> unreadable = new ArrayList<>(quiet.unreadable());
        List<SandboxDelivery> accepted = traffic.acceptedDeliveries();
        List<OrderExpectation> expected = expectations(traffic, accepted, unreadable);
        Set<String> orderIds = expected.stream().map(OrderExpectation::orderId).collect(Collectors.toSet());
        Map<String, List<PublishedStatus>> statusEvents = statusEvents(orderIds, unreadable);
        Set<String> acceptedIds =
                accepted.stream().map(SandboxDelivery::deliveryId).collect(Collectors.toSet());
        Observations observations = new Observations(
                observedOrders(orderIds, unreadable),
                statusEvents,
                recordedDeliveries(acceptedIds, unreadable),
                deadLettered(acceptedIds, unreadable),
                parkedWithKnownLink(orderIds, unreadable),
                quiet.outboxBacklog(),
                quiet.consumerLag(),
                unreadable);
        List<Discrepancy> discrepancies =
                LedgerComparison.compare(expected, accepted, traffic.lostTrack(), observations);
        int events = statusEvents.values().stream().mapToInt(List::size).sum();
        return new Round(expected, discrepancies, events);
    }

    /** The provider's truth per order: the sandbox's links with the order id as reference. */
    private List<OrderExpectation> expectations(
            TrafficRecord traffic, List<SandboxDelivery> accepted, List<String> unreadable) {
        Map<String, List<JsonNode>> linksByReference = new HashMap<>();
        for (JsonNode link : SystemHttp.allPages(endpoints.sandboxUrl() + "/sandbox/payments", "links")) {
            linksByReference
                    .computeIfAbsent(link.path("reference").asString(""), r -> new ArrayList<>())
                    .add(link);
        }
        Set<String> failedRequests = accepted.stream()
                .filter(delivery -> "payment.failed".equals(delivery.event()))
                .map(SandboxDelivery::requestId)
                .collect(Collectors.toSet());
        List<OrderExpectation> expected = new ArrayList<>();
        for (PlacedOrder order : traffic.orders()) {
            BigDecimal paid = BigDecimal.ZERO;
            BigDecimal refunded = BigDecimal.ZERO;
            Set<String> requestIds = new HashSet<>();
            for (JsonNode link : linksByReference.getOrDefault(order.orderId(), List.of())) {
                for (JsonNode request : link.path("requests")) {
                    requestIds.add(request.get("requestId").asString());
                    paid = paid.add(new BigDecimal(request.get("paid").asString()));
                    refunded =
                            refunded.add(new BigDecimal(request.get("refunded").asString()));
                }
            }
            boolean exists = order.creation() == PlacedOrder.Creation.CREATED || knownToLinkService(order, unreadable);
            boolean failureDelivered = requestIds.stream().anyMatch(failedRequests::contains);
            expected.add(new OrderExpectation(
                    order.orderId(),
                    exists,
                    OrderExpectation.implied(order.amount(), paid, refunded, failureDelivered),
                    order.amount(),
                    paid,
                    refunded,
                    requestIds));
        }
        return expected;
    }

    /** For an order whose creation was given up: did link-service create it anyway (the answer was lost)? */
    private boolean knownToLinkService(PlacedOrder order, List<String> unreadable) {
        SystemHttp.Response link = SystemHttp.get(
                endpoints.linkServiceUrl() + "/api/payment-links/" + order.orderId(), endpoints.apiKeyHeader());
        if (link.status() != 200 && link.status() != 404) {
            unreadable.add("link-service's order " + order.orderId() + ": HTTP " + link.status());
        }
        return link.status() == 200;
    }

    private Map<String, ObservedOrder> observedOrders(Set<String> orderIds, List<String> unreadable) {
        Map<String, ObservedOrder> orders = new HashMap<>();
        for (String orderId : orderIds) {
            SystemHttp.Response response;
            try {
                response =
                        SystemHttp.get(endpoints.reconcilerUrl() + "/api/orders/" + orderId, endpoints.apiKeyHeader());
            } catch (RuntimeException e) {
                unreadable.add("the reconciler's order " + orderId + ": " + e);
                continue;
            }
            if (response.status() == 404) {
                continue;
            }
            if (response.status() != 200) {
                unreadable.add("the reconciler's order " + orderId + ": HTTP " + response.status());
                continue;
            }
            JsonNode order = response.json();
            JsonNode history = order.path("history");
            orders.put(
                    orderId,
                    new ObservedOrder(
                            orderId,
                            order.path("status").asString(null),
                            amount(order.get("expectedAmount")),
                            amount(order.get("paidAmount")),
                            amount(order.get("refundedAmount")),
                            history.isArray() && !history.isEmpty()
                                    ? history.get(history.size() - 1)
                                            .path("sequence")
                                            .asLong()
                                    : -1));
        }
        return orders;
    }

    private Map<String, List<PublishedStatus>> statusEvents(Set<String> orderIds, List<String> unreadable) {
        Map<String, List<PublishedStatus>> events = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : log.readAll(Topics.ORDER_PAYMENT_STATUS)) {
            if (!orderIds.contains(record.key())) {
                continue;
            }
            try {
                if (EventCodec.read(record.value(), OrderStatusEvent.class) instanceof OrderPaymentStatusChanged e) {
                    events.computeIfAbsent(e.orderId(), id -> new ArrayList<>())
                            .add(new PublishedStatus(
                                    e.eventId(), e.sequence(), e.status().name(), e.paidAmount()));
                }
            } catch (EventCodec.MalformedEventException e) {
                unreadable.add("a malformed status event for order %s at %s-%d@%d: %s"
                        .formatted(record.key(), record.topic(), record.partition(), record.offset(), e.getMessage()));
            }
        }
        return events;
    }

    private Map<String, RecordedDelivery> recordedDeliveries(Set<String> ids, List<String> unreadable) {
        return query(
                        """
                        SELECT delivery_id, outcome, reason FROM reconciler.webhook_deliveries
                        WHERE delivery_id = ANY (?)
                        """,
                        ids,
                        row -> new RecordedDelivery(row.getString(1), row.getString(2), row.getString(3)),
                        unreadable)
                .stream()
                .collect(Collectors.toMap(RecordedDelivery::deliveryId, Function.identity()));
    }

    /** Dead-lettered deliveries: in the reconciler's {@code dead_letters} table or on the webhooks' DLT. */
    private Set<String> deadLettered(Set<String> ids, List<String> unreadable) {
        Set<String> dead = new HashSet<>(query(
                "SELECT delivery_id FROM reconciler.dead_letters WHERE delivery_id = ANY (?)",
                ids,
                row -> row.getString(1),
                unreadable));
        for (ConsumerRecord<String, byte[]> record : log.readAll(Topics.deadLetter(Topics.WEBHOOKS))) {
            try {
                if (EventCodec.read(record.value(), WebhookEvent.class) instanceof WebhookReceived webhook) {
                    dead.add(webhook.deliveryId());
                }
            } catch (EventCodec.MalformedEventException notAWebhook) {
                // a dead letter that is not a webhook event names no delivery
            }
        }
        return dead;
    }

    private List<ParkedWebhook> parkedWithKnownLink(Set<String> orderIds, List<String> unreadable) {
        return query(
                        """
                        SELECT p.delivery_id, p.request_id, r.order_id
                        FROM reconciler.parked_webhooks p JOIN reconciler.order_requests r USING (request_id)
                        WHERE r.order_id = ANY (?)
                        """,
                        orderIds,
                        row -> new ParkedWebhook(row.getString(1), row.getString(2), row.getString(3)),
                        unreadable)
                .stream()
                .toList();
    }

    private interface Row<T> {
        T read(ResultSet row) throws SQLException;
    }

    private <T> List<T> query(String sql, Set<String> ids, Row<T> reader, List<String> unreadable) {
        List<T> rows = new ArrayList<>();
        try (Connection connection = database.connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("text", ids.toArray()));
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(reader.read(result));
                }
            }
        } catch (SQLException e) {
            unreadable.add(sql.strip().replaceAll("\\s+", " ") + ": " + e.getMessage());
        }
        return rows;
    }

    private static BigDecimal amount(JsonNode node) {
        return node == null || node.isNull() ? null : new BigDecimal(node.asString());
    }
}
