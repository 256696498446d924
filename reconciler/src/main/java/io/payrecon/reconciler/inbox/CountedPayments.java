package io.payrecon.reconciler.inbox;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A payment counts once, however many deliveries and polls report it: the owner of {@code counted_payments}, keyed by
 * the payment's business key (request id, kind, payment reference). Runs in the caller's transaction, the one that
 * applies the payments, one statement a batch.
 */
@Repository
public class CountedPayments {

    /** The kind under which payments seen by polling are counted. */
    public static final String OBSERVED_KIND = "provider.status-observed";

    private final JdbcClient jdbc;
    private final Clock clock;

    CountedPayments(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The same store over other connections, such as a rebuild's. */
    public CountedPayments over(JdbcClient other) {
        return new CountedPayments(other, clock);
    }

    /** A payment's business key: one settlement reported by several deliveries (variants, polls) has one key. */
    public record PaymentKey(String requestId, String kind, String paymentRef) {}

    /** A payment to count, with the order it pays and what reported it first. */
    public record PaymentToCount(PaymentKey key, String orderId, String reportedBy) {}

    /**
     * Counts payments reported by webhooks once each, by business key: one settlement arrives as up to three
     * deliveries (core, {@code .client_id}, {@code .checkout}), each with its own delivery id, so the delivery id
     * alone cannot tell they are one payment. A payment a poll already counted (same request and transaction) is not
     * counted again. Answers the keys counted now; the others were counted before. Keys must be distinct.
     */
    public Set<PaymentKey> count(List<PaymentToCount> payments) {
        if (payments.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("""
                        INSERT INTO counted_payments (request_id, kind, payment_ref, order_id, delivery_id, counted_at)
                        SELECT p.request_id, p.kind, p.payment_ref, p.order_id, p.reported_by, :now
                        FROM unnest(CAST(:requestIds AS text[]), CAST(:kinds AS text[]), CAST(:refs AS text[]),
                                    CAST(:orderIds AS text[]), CAST(:reportedBy AS text[]))
                             WITH ORDINALITY AS p(request_id, kind, payment_ref, order_id, reported_by, position)
                        WHERE NOT EXISTS (SELECT 1 FROM counted_payments c
                                          WHERE c.request_id = p.request_id AND c.payment_ref = p.payment_ref
                                            AND c.kind = :observed)
                        ORDER BY p.position
                        ON CONFLICT (request_id, kind, payment_ref) DO NOTHING
                        RETURNING request_id, kind, payment_ref
                        """)
                .params(paymentParams(payments))
                .param("observed", OBSERVED_KIND)
                .param("now", now())
                .query((rs, row) ->
                        new PaymentKey(rs.getString("request_id"), rs.getString("kind"), rs.getString("payment_ref")))
                .list());
    }

    /**
     * Records the payments a poll saw, by request id and transaction, unless a webhook or an earlier poll counted
     * them already: a webhook reporting one of them later is then a duplicate. The observation itself is a snapshot,
     * applied whatever this finds, and counts no money twice (money counts by the highest total).
     */
    public void countObserved(List<PaymentToCount> payments) {
        if (payments.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO counted_payments (request_id, kind, payment_ref, order_id, delivery_id, counted_at)
                        SELECT p.request_id, p.kind, p.payment_ref, p.order_id, p.reported_by, :now
                        FROM unnest(CAST(:requestIds AS text[]), CAST(:kinds AS text[]), CAST(:refs AS text[]),
                                    CAST(:orderIds AS text[]), CAST(:reportedBy AS text[]))
                             WITH ORDINALITY AS p(request_id, kind, payment_ref, order_id, reported_by, position)
                        WHERE NOT EXISTS (SELECT 1 FROM counted_payments c
                                          WHERE c.request_id = p.request_id AND c.payment_ref = p.payment_ref)
                        ORDER BY p.position
                        ON CONFLICT (request_id, kind, payment_ref) DO NOTHING
                        """).params(paymentParams(payments)).param("now", now()).update();
    }

    private static Map<String, Object> paymentParams(List<PaymentToCount> payments) {
        return Map.of(
                "requestIds", payments.stream().map(p -> p.key().requestId()).toArray(String[]::new),
                "kinds", payments.stream().map(p -> p.key().kind()).toArray(String[]::new),
                "refs", payments.stream().map(p -> p.key().paymentRef()).toArray(String[]::new),
                "orderIds", payments.stream().map(PaymentToCount::orderId).toArray(String[]::new),
                "reportedBy", payments.stream().map(PaymentToCount::reportedBy).toArray(String[]::new));
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }
}
