package io.payrecon.link.paymentlink;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The orders as first requested ({@code payment_order}). An order's row carries the claim (a lease, see
 * {@link OrderClaims}) of the one request that may make the order's next link, and its row lock guards the short
 * transactions that take the claim and store the link ({@link PaymentLinks}); and when the provider reported the
 * order's link paid.
 */
@Repository
public class PaymentOrders {

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    PaymentOrders(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Stores a new order with a claim on it (the lease {@code claim.until()}), so that this request alone calls the
     * provider for its first link. Answers false when the order exists already. A concurrent insert of the same order
     * waits here until the other (short) transaction ends.
     */
    public boolean claimNew(LinkOrder order, OrderClaim claim) {
        return jdbc.sql("""
                        INSERT INTO payment_order (order_id, amount, destination_id, payee, invoice_currency,
                                                   payment_currency, reference, payer_identifier, redirect_url,
                                                   redirect_label, metadata, created_at, link_claim,
                                                   link_claimed_until)
                        VALUES (:orderId, :amount, :destinationId, :payee, :invoiceCurrency, :paymentCurrency,
                                :reference, :payerIdentifier, :redirectUrl, :redirectLabel,
                                CAST(:metadata AS jsonb), :createdAt, :claim, :claimedUntil)
                        ON CONFLICT (order_id) DO NOTHING
                        """)
                        .param("orderId", order.orderId())
                        .param("amount", order.amount())
                        .param("destinationId", order.destinationId())
                        .param("payee", order.payee())
                        .param("invoiceCurrency", order.invoiceCurrency())
                        .param("paymentCurrency", order.paymentCurrency())
                        .param("reference", order.reference())
                        .param("payerIdentifier", order.payerIdentifier())
                        .param("redirectUrl", order.redirectUrl())
                        .param("redirectLabel", order.redirectLabel())
                        .param("metadata", json.writeValueAsString(order.metadata()))
                        .param("createdAt", Timestamp.from(claim.now()))
                        .param("claim", claim.id())
                        .param("claimedUntil", Timestamp.from(claim.until()))
                        .update()
                == 1;
    }

    /** When the claim on an existing order runs out, if one is held (expired or not). */
    public Optional<Instant> claimedUntil(String orderId) {
        return jdbc.sql("SELECT link_claimed_until FROM payment_order WHERE order_id = :orderId")
                .param("orderId", orderId)
                .query((rs, row) -> Optional.ofNullable(Columns.instantOrNull(rs, "link_claimed_until")))
                .optional()
                .flatMap(until -> until);
    }

    /**
     * Claims an existing order: when no claim is held, or the one held has run out (its holder crashed or stalled).
     * Answers whether the claim is now {@code claim}.
     */
    public boolean claimExisting(String orderId, OrderClaim claim) {
        return jdbc.sql("""
                        UPDATE payment_order SET link_claim = :claim, link_claimed_until = :claimedUntil
                        WHERE order_id = :orderId AND (link_claim IS NULL OR link_claimed_until <= :now)
                        """)
                        .param("orderId", orderId)
                        .param("claim", claim.id())
                        .param("claimedUntil", Timestamp.from(claim.until()))
                        .param("now", Timestamp.from(claim.now()))
                        .update()
                == 1;
    }

    /**
     * Locks the order's row and answers whether {@code claim} still holds it: false when another request took it
     * over after its lease ran out (or the order is gone).
     */
    boolean lockIfClaimedBy(String orderId, UUID claim) {
        return jdbc.sql("SELECT link_claim FROM payment_order WHERE order_id = :orderId FOR UPDATE")
                .param("orderId", orderId)
                .query((rs, row) -> claim.equals(rs.getObject("link_claim", UUID.class)))
                .optional()
                .orElse(false);
    }

    /** Clears the order's claim, if it is still {@code claim}. */
    void releaseClaim(String orderId, UUID claim) {
        jdbc.sql("""
                        UPDATE payment_order SET link_claim = NULL, link_claimed_until = NULL
                        WHERE order_id = :orderId AND link_claim = :claim
                        """).param("orderId", orderId).param("claim", claim).update();
    }

    /**
     * Undoes a claim whose provider call failed: an order that never got a link is forgotten (as if never asked for,
     * so a corrected request is not held to its terms), one with links just loses the claim.
     */
    void abandonClaim(String orderId, UUID claim) {
        jdbc.sql("""
                        DELETE FROM payment_order o
                        WHERE o.order_id = :orderId AND o.link_claim = :claim
                          AND NOT EXISTS (SELECT 1 FROM payment_link l WHERE l.order_id = o.order_id)
                        """).param("orderId", orderId).param("claim", claim).update();
        releaseClaim(orderId, claim);
    }

    /** The order as first requested, locked until the end of the transaction. */
    public Optional<LinkOrder> lockOrder(String orderId) {
        return order(orderId, "FOR UPDATE");
    }

    /** The order as first requested. */
    public Optional<LinkOrder> findOrder(String orderId) {
        return order(orderId, "");
    }

    private Optional<LinkOrder> order(String orderId, String lock) {
        return jdbc.sql("""
                        SELECT order_id, amount, destination_id, payee, invoice_currency, payment_currency, reference,
                               payer_identifier, redirect_url, redirect_label, metadata::text AS metadata
                        FROM payment_order
                        WHERE order_id = :orderId
                        """ + lock)
                .param("orderId", orderId)
                .query((rs, row) -> new LinkOrder(
                        rs.getString("order_id"),
                        rs.getBigDecimal("amount"),
                        rs.getString("destination_id"),
                        rs.getString("payee"),
                        rs.getString("invoice_currency"),
                        rs.getString("payment_currency"),
                        rs.getString("reference"),
                        rs.getString("payer_identifier"),
                        rs.getString("redirect_url"),
                        rs.getString("redirect_label"),
                        json.readValue(rs.getString("metadata"), STRING_MAP)))
                .optional();
    }

    /** When the provider reported one of the order's links paid, if it did. */
    public Optional<Instant> providerCompletedAt(String orderId) {
        return jdbc.sql("SELECT provider_completed_at FROM payment_order WHERE order_id = :orderId")
                .param("orderId", orderId)
                .query((rs, row) -> Optional.ofNullable(Columns.instantOrNull(rs, "provider_completed_at")))
                .optional()
                .flatMap(completed -> completed);
    }

    /** Records that the provider reported the order's link paid (the first report's time is kept). */
    public void markProviderCompleted(String orderId, Instant now) {
        jdbc.sql("""
                        UPDATE payment_order SET provider_completed_at = COALESCE(provider_completed_at, :now)
                        WHERE order_id = :orderId
                        """)
                .param("orderId", orderId)
                .param("now", Timestamp.from(now))
                .update();
    }
}
