package io.payrecon.link.paymentlink;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Orders and their payment links ({@code payment_order}, {@code payment_link}). */
@Repository
class PaymentLinks {

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    PaymentLinks(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Claims the order for this transaction by inserting its row. Answers false when the order exists already; a
     * concurrent claim of the same order waits here until the first transaction ends, so only one of them ever
     * calls the provider.
     */
    boolean claim(LinkOrder order, Instant now) {
        return jdbc.sql("""
                        INSERT INTO payment_order (order_id, amount, destination_id, payee, invoice_currency,
                                                   payment_currency, reference, payer_identifier, redirect_url,
                                                   redirect_label, metadata, created_at)
                        VALUES (:orderId, :amount, :destinationId, :payee, :invoiceCurrency, :paymentCurrency,
                                :reference, :payerIdentifier, :redirectUrl, :redirectLabel,
                                CAST(:metadata AS jsonb), :createdAt)
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
                        .param("createdAt", Timestamp.from(now))
                        .update()
                == 1;
    }

    /** The order as first requested, locked until the end of the transaction. */
    Optional<LinkOrder> lockOrder(String orderId) {
        return jdbc.sql("""
                        SELECT order_id, amount, destination_id, payee, invoice_currency, payment_currency, reference,
                               payer_identifier, redirect_url, redirect_label, metadata::text AS metadata
                        FROM payment_order
                        WHERE order_id = :orderId
                        FOR UPDATE
                        """)
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

    void add(PaymentLink link) {
        jdbc.sql("""
                        INSERT INTO payment_link (token, order_id, secure_payment_url, request_ids, amount, fee_plan,
                                                  status, created_at, expires_at)
                        VALUES (:token, :orderId, :securePaymentUrl, :requestIds, :amount, CAST(:feePlan AS jsonb),
                                :status, :createdAt, :expiresAt)
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
                .update();
    }

    /** The order's active link. */
    Optional<PaymentLink> activeLink(String orderId) {
        return jdbc.sql("""
                        SELECT token, order_id, secure_payment_url, request_ids, amount, fee_plan::text AS fee_plan,
                               status, created_at, expires_at
                        FROM payment_link
                        WHERE order_id = :orderId AND status = 'ACTIVE'
                        """)
                .param("orderId", orderId)
                .query((rs, row) -> link(rs))
                .optional();
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
                instant(rs, "created_at"),
                instant(rs, "expires_at"));
    }

    private static List<String> strings(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, java.time.OffsetDateTime.class).toInstant();
    }
}
