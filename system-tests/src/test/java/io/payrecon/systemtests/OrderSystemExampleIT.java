package io.payrecon.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.events.EventCodec;
import io.payrecon.events.OrderPaymentStatusChanged;
import io.payrecon.events.OrderStatusEvent;
import io.payrecon.events.Principal;
import io.payrecon.events.Topics;
import io.payrecon.launcher.AppProcess;
import io.payrecon.launcher.LocalSystem;
import io.payrecon.launcher.SystemEndpoints;
import io.payrecon.launcher.SystemHttp;
import io.payrecon.launcher.ledger.Quiescence;
import io.payrecon.launcher.traffic.Pacing;
import io.payrecon.launcher.traffic.PlacedOrder;
import io.payrecon.launcher.traffic.TrafficDriver;
import io.payrecon.launcher.traffic.TrafficRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The consumer kit's example ({@code examples/order-system}) against the whole system, as an order system runs it:
 * from its jar, in its own process (the launcher's {@link AppProcess}, as the apps), logged in as the principal
 * {@code order-system}, knowing nothing of our code. Consumer A starts before any traffic and follows the changes
 * topic; real traffic runs with duplicated and reordered webhook deliveries; an operator republishes some orders;
 * once everything is quiet, consumer B starts on an empty schema and bootstraps from the compacted topic. Both
 * tables must then equal the reconciler's {@code GET /api/orders/{orderId}} for every order of the run.
 */
class OrderSystemExampleIT {

    private static final Path JAR = Path.of("..", "examples", "order-system", "target", "order-system-example.jar")
            .toAbsolutePath()
            .normalize();
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    private static LocalSystem system;
    private static SystemEndpoints endpoints;
    private static final List<Example> examples = new ArrayList<>();

    /** One instance of the example: its process, its schema, its consumer group. */
    private record Example(AppProcess process, String schema, String group) {}

    @BeforeAll
    static void startTheSystem() {
        system = TestSystems.start();
        endpoints = SystemEndpoints.of(system);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        examples.forEach(example -> example.process().stop());
        if (system != null) {
            // The example's groups would otherwise stay behind for other tests that look at every group of a topic.
            try (Admin admin = Admin.create(system.infrastructure().adminClientProperties())) {
                admin.deleteConsumerGroups(examples.stream().map(Example::group).toList())
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            system.close();
        }
    }

    @Test
    void anEarlyAndALateBootstrappedConsumerBothHoldWhatTheReconcilerHoldsAndRepublishedEventsChangeNothing() {
        Example a = start("a", Map.of());
        Bootstrap bootstrapOfA = awaitBootstrap(a);

        TrafficDriver driver = new TrafficDriver(endpoints, TrafficDriver.Settings.defaults(2.0), System.out);
        TrafficRecord traffic;
        try {
            driver.start();
            Pacing.sleep(Duration.ofSeconds(25)); // orders keep arriving meanwhile, 2 a second
            traffic = driver.finish(PATIENCE);
        } finally {
            driver.close();
        }
        awaitQuiet();
        List<String> orders = traffic.orders().stream()
                .filter(order -> order.creation() == PlacedOrder.Creation.CREATED)
                .map(PlacedOrder::orderId)
                .toList();
        assertThat(orders).as("orders of the run").hasSizeGreaterThan(20);
        assertThat(traffic.deliveries().values())
                .as("deliveries were duplicated and reordered")
                .anyMatch(delivery -> delivery.duplicateOf() != null)
                .anyMatch(delivery -> delivery.faults().stream().anyMatch(f -> f.startsWith("reorder")));

        // An operator republishes some orders for a consumer that lost data: neither example needs them.
        List<String> republishedOrders = orders.subList(0, 5);
        long republished = 0;
        for (String orderId : republishedOrders) {
            SystemHttp.Response answer = SystemHttp.postJson(
                    endpoints.reconcilerUrl() + "/admin/republish",
                    Map.of("X-Admin-Key", system.credentials().adminKey()),
                    Map.of("orderId", orderId));
            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
            // a job: followed until it ended, as ops does
            String job = endpoints.reconcilerUrl() + "/admin/jobs/"
                    + answer.json().get("id").asLong();
            JsonNode ended = await().atMost(PATIENCE)
                    .until(
                            () -> SystemHttp.get(
                                            job,
                                            Map.of(
                                                    "X-Admin-Key",
                                                    system.credentials().adminKey()))
                                    .json(),
                            state -> !List.of("queued", "running")
                                    .contains(state.get("state").asString()));
            assertThat(ended.get("state").asString()).as(ended.toString()).isEqualTo("succeeded");
            republished += ended.get("result").get("events").asLong();
        }
        assertThat(republished).as("republished status events").isPositive();
        awaitQuiet();
        long republishedEvents = republished;
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(events(a, "unchanged", true))
                        .as("republished events A saw")
                        .isGreaterThanOrEqualTo(republishedEvents));

        Example b = start("b", Map.of());
        Bootstrap bootstrapOfB = awaitBootstrap(b);

        Map<String, JsonNode> reconciler = new LinkedHashMap<>();
        orders.forEach(orderId -> reconciler.put(
                orderId,
                SystemHttp.get(endpoints.reconcilerUrl() + "/api/orders/" + orderId, endpoints.apiKeyHeader())
                        .json()));
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertHoldsWhatTheReconcilerHolds(a, reconciler);
            assertHoldsWhatTheReconcilerHolds(b, reconciler);
        });

        Set<UUID> republishedIds = republishedEventIds(Set.copyOf(republishedOrders));
        assertThat(republishedIds).hasSize((int) republished);
        for (Example example : List.of(a, b)) {
            Map<String, Row> rows = rows(example);
            assertThat(rows.values())
                    .as("%s: rows written by a republished event", example.schema())
                    .noneMatch(row -> republishedIds.contains(row.lastEventId()));
            assertThat(events(example, "applied", true))
                    .as("republished events %s applied", example.schema())
                    .isZero();
            assertThat(gaps(example, orders)).as("%s: gaps", example.schema()).isZero();
            assertThat(skipped(example))
                    .as("%s: skipped records", example.schema())
                    .isZero();
        }
        assertThat(events(b, "unchanged", true))
                .as("republished events B read (on the compacted topic, and again on the changes topic)")
                .isGreaterThanOrEqualTo(republished);

        // A followed the changes from the start; B's rows all came from the compacted topic, read to its end.
        assertThat(rows(a).entrySet())
                .filteredOn(row -> orders.contains(row.getKey()))
                .allSatisfy(row -> assertThat(row.getValue().appliedFrom()).isEqualTo(Topics.ORDER_PAYMENT_STATUS));
        assertThat(rows(b).entrySet())
                .filteredOn(row -> orders.contains(row.getKey()))
                .hasSize((int) reconciler.values().stream()
                        .filter(order -> lastSequence(order) > 0)
                        .count())
                .allSatisfy(
                        row -> assertThat(row.getValue().appliedFrom()).isEqualTo(Topics.ORDER_PAYMENT_STATUS_LATEST));
        assertThat(bootstrapOfB.recordsRead())
                .as("records B read from the compacted topic")
                .isGreaterThanOrEqualTo(rows(b).size());
        assertThat(bootstrapOfA.t0()).isBefore(traffic.startedAt());
        System.out.printf(
                "Order system example: %d orders, %d republished events; A bootstrapped from %d records, B from %d%n",
                orders.size(), republished, bootstrapOfA.recordsRead(), bootstrapOfB.recordsRead());
    }

    /** Every order of the run: the example's row equals the reconciler's view, or there is none before a change. */
    private static void assertHoldsWhatTheReconcilerHolds(Example example, Map<String, JsonNode> reconciler) {
        Map<String, Row> rows = rows(example);
        reconciler.forEach((orderId, order) -> {
            long lastSequence = lastSequence(order);
            Row row = rows.get(orderId);
            if (lastSequence == 0) {
                assertThat(row)
                        .as("%s %s: opened, never changed: no event, no row", example.schema(), orderId)
                        .isNull();
                return;
            }
            assertThat(row).as("%s %s", example.schema(), orderId).isNotNull();
            String what = example.schema() + " " + orderId;
            assertThat(row.sequence()).as(what + " sequence").isEqualTo(lastSequence);
            assertThat(row.status())
                    .as(what + " status")
                    .isEqualTo(order.get("status").asString());
            assertThat(row.knownStatus()).as(what + " known status").isEqualTo(row.status());
            assertThat(row.expectedAmount())
                    .as(what + " expected")
                    .isEqualByComparingTo(amount(order, "expectedAmount"));
            assertThat(row.paidAmount()).as(what + " paid").isEqualByComparingTo(amount(order, "paidAmount"));
            assertThat(row.refundedAmount())
                    .as(what + " refunded")
                    .isEqualByComparingTo(amount(order, "refundedAmount"));
            assertThat(row.currency())
                    .as(what + " currency")
                    .isEqualTo(order.get("currency").asString());
            assertThat(row.flags())
                    .as(what + " flags")
                    .containsExactlyInAnyOrderElementsOf(order.get("flags")
                            .valueStream()
                            .map(JsonNode::asString)
                            .toList());
        });
    }

    private static long lastSequence(JsonNode order) {
        JsonNode history = order.get("history");
        return history.get(history.size() - 1).get("sequence").asLong();
    }

    private static BigDecimal amount(JsonNode order, String field) {
        JsonNode value = order.get(field);
        return value == null || value.isNull() ? BigDecimal.ZERO : new BigDecimal(value.asString());
    }

    /** The event ids of the republished events of these orders, as an order system reads them. */
    private static Set<UUID> republishedEventIds(Set<String> orderIds) {
        TopicReader reader = new TopicReader(system.infrastructure().clientProperties(Principal.ORDER_SYSTEM));
        return reader.readAll(Topics.ORDER_PAYMENT_STATUS).stream()
                .filter(record -> orderIds.contains(record.key()))
                .map(ConsumerRecord::value)
                .map(value -> (OrderPaymentStatusChanged) EventCodec.read(value, OrderStatusEvent.class))
                .filter(OrderPaymentStatusChanged::republished)
                .map(OrderPaymentStatusChanged::eventId)
                .collect(Collectors.toSet());
    }

    private static void awaitQuiet() {
        assertThat(new Quiescence(endpoints).await(PATIENCE, System.out).quiet())
                .as("consumers caught up and outboxes empty")
                .isTrue();
    }

    /** Starts an instance of the example on its own schema, group and port, as its README says, and waits for it. */
    private static Example start(String name, Map<String, String> more) {
        String schema = "order_system_it_" + name + "_" + RUN;
        String group = "order-system-example-it-" + name + "-" + RUN;
        int port = freePort();
        Map<String, String> environment = new LinkedHashMap<>();
        for (String inherited : List.of("PATH", "HOME", "JAVA_HOME", "LANG", "TMPDIR")) {
            if (System.getenv(inherited) != null) {
                environment.put(inherited, System.getenv(inherited));
            }
        }
        // What .pipeline/local.env gives a person, and the instance's own schema, group and port.
        Map<String, String> local = system.localEnvironment();
        environment.put("KAFKA_BOOTSTRAP_SERVERS", local.get("KAFKA_BOOTSTRAP_SERVERS"));
        environment.put("ORDER_SYSTEM_KAFKA_USERNAME", local.get("ORDER_SYSTEM_KAFKA_USERNAME"));
        environment.put("ORDER_SYSTEM_KAFKA_PASSWORD", local.get("ORDER_SYSTEM_KAFKA_PASSWORD"));
        environment.put("DATABASE_URL", local.get("DATABASE_URL"));
        environment.put("DATABASE_USERNAME", system.infrastructure().databaseUser());
        environment.put("DATABASE_PASSWORD", system.infrastructure().databasePassword());
        environment.put("ORDER_SYSTEM_SCHEMA", schema);
        environment.put("ORDER_SYSTEM_GROUP", group);
        environment.put("SERVER_PORT", Integer.toString(port));
        environment.putAll(more);
        AppProcess process = new AppProcess(
                "order-system-" + name,
                JAR,
                port,
                environment,
                List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                Path.of("target", "app-logs", "order-system-example-" + name + ".log"),
                null);
        Example example = new Example(process, schema, group);
        examples.add(example);
        process.start();
        return example;
    }

    private record Bootstrap(java.time.Instant t0, long recordsRead) {}

    private static Bootstrap awaitBootstrap(Example example) {
        return await().atMost(PATIENCE)
                .ignoreExceptions()
                .until(
                        () -> query(
                                "SELECT t0, records_read FROM " + example.schema() + ".bootstrap_runs",
                                rs -> new Bootstrap(
                                        rs.getObject("t0", java.time.OffsetDateTime.class)
                                                .toInstant(),
                                        rs.getLong("records_read"))),
                        runs -> runs.size() == 1)
                .getFirst();
    }

    /** A row of the example's {@code order_payment_status}. */
    private record Row(
            String status,
            String knownStatus,
            long sequence,
            BigDecimal expectedAmount,
            BigDecimal paidAmount,
            BigDecimal refundedAmount,
            String currency,
            List<String> flags,
            UUID lastEventId,
            String appliedFrom) {}

    private static Map<String, Row> rows(Example example) {
        Map<String, Row> rows = new LinkedHashMap<>();
        query(
                "SELECT * FROM " + example.schema() + ".order_payment_status",
                rs -> rows.put(
                        rs.getString("order_id"),
                        new Row(
                                rs.getString("status"),
                                rs.getString("known_status"),
                                rs.getLong("sequence"),
                                rs.getBigDecimal("expected_amount"),
                                rs.getBigDecimal("paid_amount"),
                                rs.getBigDecimal("refunded_amount"),
                                rs.getString("currency"),
                                strings(rs.getArray("flags")),
                                rs.getObject("last_event_id", UUID.class),
                                rs.getString("applied_from"))));
        return rows;
    }

    private static long gaps(Example example, List<String> orders) {
        return query("SELECT order_id FROM " + example.schema() + ".status_gaps", rs -> rs.getString("order_id"))
                .stream()
                .filter(orders::contains)
                .count();
    }

    private static long skipped(Example example) {
        return query("SELECT count(*) FROM " + example.schema() + ".skipped_records", rs -> rs.getLong(1))
                .getFirst();
    }

    /** The example's own count of what the records it read did ({@code order.status.events}), from its metrics. */
    private static long events(Example example, String outcome, boolean republished) {
        SystemHttp.Response answer = SystemHttp.get(
                example.process().url() + "/actuator/metrics/order.status.events?tag=outcome:" + outcome
                        + "&tag=republished:" + republished,
                Map.of());
        if (answer.status() == 404) {
            return 0; // not counted once yet
        }
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return (long) answer.json().get("measurements").get(0).get("value").asDouble();
    }

    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private static <T> List<T> query(String sql, RowMapper<T> mapper) {
        try (Connection connection = DriverManager.getConnection(
                        endpoints.jdbcUrl(), endpoints.databaseUser(), endpoints.databasePassword());
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rs = statement.executeQuery()) {
            List<T> found = new ArrayList<>();
            while (rs.next()) {
                found.add(mapper.map(rs));
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
