package io.payrecon.outbox;

import io.payrecon.devstack.DevStack;
import io.payrecon.events.PaymentLinkCreated;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a copy ({@code outbox.copies}) costs the relay: a backlog of N rows is appended while the relay is stopped, then
 * the time to publish it all (rows deleted) is measured, for a topic without a copy and for one with a copy, in turns,
 * on devstack's broker and PostgreSQL. Rows of 600 bytes, 3 partitions, the relay's default batch of 500.
 *
 * <pre>
 * ./mvnw -q -pl outbox -am -DskipTests install   # or the reactor's jars on the class path
 * ./mvnw -q -pl outbox test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.payrecon.outbox.RelayCopyBenchmark -Dbench.rows=100000
 * </pre>
 *
 * <p>Any outbox setting can be given as a system property, which wins over the test app's: {@code -Doutbox.lanes=4}
 * times the relay with four lanes (the rows have 5,000 keys, spread over all slots).
 */
public final class RelayCopyBenchmark {

    private static final String PLAIN = "bench.plain";
    /** Copied as the test app's application.properties says (outbox.copies[0]). */
    private static final String COPIED = "outbox-test.copied";

    private static final String COPY = "outbox-test.copied-latest";

    private RelayCopyBenchmark() {}

    public static void main(String[] args) {
        int rows = Integer.getInteger("bench.rows", 100_000);
        int rounds = Integer.getInteger("bench.rounds", 3);
        DevStack stack = DevStack.shared();
        stack.ensureTopics(List.of(PLAIN, COPIED, COPY));
        Map<String, Object> properties = new HashMap<>(stack.springPropertiesAsSuperUser());
        properties.put("logging.level.root", "WARN");
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(OutboxTestApplication.class)
                .web(WebApplicationType.NONE)
                .properties(properties)
                .run()) {
            drain(app, PLAIN, 20_000); // warm-up
            drain(app, COPIED, 20_000);
            for (int round = 1; round <= rounds; round++) {
                Duration plain = drain(app, PLAIN, rows);
                Duration copied = drain(app, COPIED, rows);
                System.out.printf(
                        "round %d: %,d rows without a copy in %.2f s (%,.0f rows/s); with a copy in %.2f s (%,.0f"
                                + " rows/s, %,.0f records/s): %+.0f%% time%n",
                        round,
                        rows,
                        seconds(plain),
                        rows / seconds(plain),
                        seconds(copied),
                        rows / seconds(copied),
                        2 * rows / seconds(copied),
                        100 * (seconds(copied) / seconds(plain) - 1));
            }
        }
        stack.close();
    }

    /** Appends {@code rows} events for {@code topic} with the relay stopped, then times the relay publishing them. */
    private static Duration drain(ConfigurableApplicationContext app, String topic, int rows) {
        OutboxRelay relay = app.getBean(OutboxRelay.class);
        OutboxRecords records = app.getBean(OutboxRecords.class);
        Outbox outbox = app.getBean(Outbox.class);
        TransactionTemplate transactions = app.getBean(TransactionTemplate.class);
        relay.stop();
        for (int from = 0; from < rows; from += 1000) {
            int start = from;
            transactions.executeWithoutResult(status -> outbox.appendAll(
                    topic,
                    IntStream.range(start, Math.min(start + 1000, rows))
                            .mapToObj(i -> event("order-" + (i % 5000)))
                            .toList()));
        }
        long started = System.nanoTime();
        relay.start();
        while (records.count() > 0) {
            sleep();
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static PaymentLinkCreated event(String orderId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new PaymentLinkCreated(
                UUID.randomUUID(),
                now,
                orderId,
                "token-" + orderId,
                List.of("01" + "ab".repeat(32)),
                new BigDecimal("10.50"),
                "USD",
                orderId,
                "https://pay.example/?token=" + orderId,
                now,
                now.plus(Duration.ofDays(7)));
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
