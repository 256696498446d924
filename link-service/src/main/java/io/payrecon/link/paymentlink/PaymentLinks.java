package io.payrecon.link.paymentlink;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The orders' payment links ({@code payment_link}), a chain per order: each renewal points to the link it replaced,
 * and the current one is the link nothing replaced yet. Stored under the order's claim ({@link PaymentOrders}); the
 * expiry sweep locks link rows only, with {@code SKIP LOCKED}, so instances never announce one expiry twice.
 */
@Repository
public class PaymentLinks {

    private static final String LINK_COLUMNS = """
            l.token, l.order_id, l.secure_payment_url, l.request_ids, l.amount, l.fee_plan::text AS fee_plan,
            l.status, l.created_at, l.expires_at, l.previous_token, l.expiry_announced_at
            """;

    /** An order counts as paid for the sweep when its known status says so or the provider reported its link paid. */
    private static final String ORDER_IS_PAID = """
            (EXISTS (SELECT 1 FROM order_payment_status s
                     WHERE s.order_id = l.order_id AND s.status IN ('PAID', 'REFUNDED'))
             OR EXISTS (SELECT 1 FROM payment_order o
                        WHERE o.order_id = l.order_id AND o.provider_completed_at IS NOT NULL))
            """;

    private final JdbcClient jdbc;

    PaymentLinks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores a new link of the order. It becomes the one payers are sent to: its {@code previous_token} names the
     * order's current link (none for the first), so it is the new head of the order's chain of links.
     */
    public void addAsCurrent(PaymentLink link) {
        jdbc.sql("""
                        INSERT INTO payment_link (token, order_id, secure_payment_url, request_ids, amount, fee_plan,
                                                  status, created_at, expires_at, previous_token,
                                                  expiry_announced_at)
                        VALUES (:token, :orderId, :securePaymentUrl, :requestIds, :amount, CAST(:feePlan AS jsonb),
                                :status, :createdAt, :expiresAt, :previousToken, :expiryAnnouncedAt)
                        """)
                .param("token", link.token())
                .param("orderId", link.orderId())
                .param("securePaymentUrl", link.securePaymentUrl())
                .param("requestIds", link.requestIds().toArray(String[]::new))
                .param("amount", link.amount())
                .param("feePlan", link.feePlan())
                .param("status", link.status().name())
                .param("createdAt", Timestamp.from(link.createdAt()))
                .param("expiresAt", Timestamp.from(link.expiresAt()))
                .param("previousToken", link.previousToken())
                .param(
                        "expiryAnnouncedAt",
                        link.expiryAnnouncedAt() == null ? null : Timestamp.from(link.expiryAnnouncedAt()))
                .update();
    }

    /**
     * The link payers of the order are sent to: its newest, the one no other link replaced (each renewal names the
     * link it replaces in {@code previous_token}, and a link is replaced at most once).
     */
    public Optional<PaymentLink> current(String orderId) {
        return jdbc.sql("SELECT " + LINK_COLUMNS + """
                        FROM payment_link l
                        WHERE l.order_id = :orderId
                          AND NOT EXISTS (SELECT 1 FROM payment_link n WHERE n.previous_token = l.token)
                        """)
                .param("orderId", orderId)
                .query((rs, row) -> link(rs))
                .optional();
    }

    /** Every link of the order, oldest first. */
    public List<PaymentLink> all(String orderId) {
        return jdbc.sql("SELECT " + LINK_COLUMNS + """
                        FROM payment_link l
                        WHERE l.order_id = :orderId
                        ORDER BY l.created_at, l.token
                        """)
                .param("orderId", orderId)
                .query((rs, row) -> link(rs))
                .list();
    }

    /**
     * Marks one link expired if it is still active. Answers false when it was not (the sweep got there first): the
     * caller then announces nothing, so each expiry is announced once.
     */
    public boolean expire(String token, Instant now) {
        return jdbc.sql("""
                        UPDATE payment_link SET status = 'EXPIRED', expiry_announced_at = :now
                        WHERE token = :token AND status = 'ACTIVE'
                        """)
                        .param("token", token)
                        .param("now", Timestamp.from(now))
                        .update()
                == 1;
    }

    /**
     * Marks up to {@code limit} unpaid active links past their expiry as expired and answers them, sorted by order id
     * (the order in which their events are appended). Rows another transaction holds are skipped, not waited for:
     * concurrent sweeps (several instances) take disjoint links, and a renewal in progress keeps its link.
     */
    public List<PaymentLink> expireDue(Instant now, int limit) {
        return jdbc
                .sql("""
                        WITH due AS (
                            SELECT l.token FROM payment_link l
                            WHERE l.status = 'ACTIVE' AND l.expires_at <= :now AND NOT %s
                            ORDER BY l.expires_at, l.token
                            LIMIT :limit
                            FOR UPDATE OF l SKIP LOCKED)
                        UPDATE payment_link l SET status = 'EXPIRED', expiry_announced_at = :now
                        FROM due WHERE l.token = due.token
                        RETURNING %s
                        """.formatted(ORDER_IS_PAID, LINK_COLUMNS))
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query((rs, row) -> link(rs))
                .list()
                .stream()
                .sorted(Comparator.comparing(PaymentLink::orderId).thenComparing(PaymentLink::token))
                .toList();
    }

    /** Retires up to {@code limit} active links past their expiry whose order is paid; no event is due for them. */
    public int settleDue(Instant now, int limit) {
        return jdbc.sql("""
                        WITH due AS (
                            SELECT l.token FROM payment_link l
                            WHERE l.status = 'ACTIVE' AND l.expires_at <= :now AND %s
                            ORDER BY l.expires_at, l.token
                            LIMIT :limit
                            FOR UPDATE OF l SKIP LOCKED)
                        UPDATE payment_link l SET status = 'SETTLED'
                        FROM due WHERE l.token = due.token
                        """.formatted(ORDER_IS_PAID))
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .update();
    }

    private static PaymentLink link(ResultSet rs) throws SQLException {
        return new PaymentLink(
                rs.getString("token"),
                rs.getString("order_id"),
                rs.getString("secure_payment_url"),
                strings(rs.getArray("request_ids")),
                rs.getBigDecimal("amount"),
                rs.getString("fee_plan"),
                PaymentLink.Status.valueOf(rs.getString("status")),
                Columns.instantOrNull(rs, "created_at"),
                Columns.instantOrNull(rs, "expires_at"),
                rs.getString("previous_token"),
                Columns.instantOrNull(rs, "expiry_announced_at"));
    }

    private static List<String> strings(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }
}
