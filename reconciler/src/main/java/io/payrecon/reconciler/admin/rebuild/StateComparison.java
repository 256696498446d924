package io.payrecon.reconciler.admin.rebuild;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Compares the live orders with the rebuilt ones, in SQL over both schemas. An order's state is its row in
 * {@code orders} but for its sequence and times (status, expected, paid and refunded amounts, currency, flags, current
 * link) and its request ids with what each received, gave back and when its link expires. Amounts compare by value.
 * History times, status event ids and inbox bookkeeping are not state: they record when the live path ran.
 */
@Component
class StateComparison {

    private final JdbcClient jdbc;

    StateComparison(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long orders(String schema) {
        return jdbc.sql("SELECT count(*) FROM " + ScratchSchema.quote(schema) + ".orders")
                .query(Long.class)
                .single();
    }

    /**
     * Parked webhooks an operator discarded in the live schema that the rebuilt one does not hold as discarded: those
     * discarded after the rebuild copied the operators' discards, which its replay may have applied.
     */
    long discardedSinceCopied(String live, String rebuilt) {
        return jdbc.sql("""
                        SELECT count(*) FROM %s.parked_webhooks l
                        WHERE l.discarded_at IS NOT NULL
                          AND NOT EXISTS (SELECT 1 FROM %s.parked_webhooks b
                                          WHERE b.delivery_id = l.delivery_id AND b.discarded_at IS NOT NULL)
                        """.formatted(ScratchSchema.quote(live), ScratchSchema.quote(rebuilt)))
                .query(Long.class)
                .single();
    }

    /** Every order that differs, by order id. */
    List<OrderDifference> differences(String live, String rebuilt) {
        String sql = """
                WITH live AS (%s), rebuilt AS (%s)
                SELECT coalesce(l.order_id, b.order_id) AS order_id,
                       l.order_id IS NOT NULL AS in_live, b.order_id IS NOT NULL AS in_rebuild,
                       l.status AS l_status, b.status AS b_status,
                       l.expected_amount AS l_expected, b.expected_amount AS b_expected,
                       l.paid_amount AS l_paid, b.paid_amount AS b_paid,
                       l.refunded_amount AS l_refunded, b.refunded_amount AS b_refunded,
                       l.currency AS l_currency, b.currency AS b_currency,
                       l.flags AS l_flags, b.flags AS b_flags,
                       l.link_token AS l_token, b.link_token AS b_token,
                       l.link_expires_at AS l_expires, b.link_expires_at AS b_expires,
                       l.requests AS l_requests, b.requests AS b_requests,
                       l.sequence AS l_sequence, b.sequence AS b_sequence
                FROM live l FULL JOIN rebuilt b ON b.order_id = l.order_id
                WHERE l.order_id IS NULL OR b.order_id IS NULL
                   OR (l.status, l.expected_amount, l.paid_amount, l.refunded_amount, l.currency, l.flags,
                       l.link_token, l.link_expires_at, l.requests)
                      IS DISTINCT FROM
                      (b.status, b.expected_amount, b.paid_amount, b.refunded_amount, b.currency, b.flags,
                       b.link_token, b.link_expires_at, b.requests)
                ORDER BY 1
                """.formatted(state(live), state(rebuilt));
        return jdbc.sql(sql).query((rs, row) -> difference(rs)).list();
    }

    /**
     * The orders whose recorded history differs from the rebuilt one: their transitions in sequence order, with
     * amounts, flags and causes, but not their times or status event ids. Informational: history is what was emitted,
     * it is never rewritten, so an order corrected by a rebuild keeps differing here (its live history shows the bug
     * and the correction).
     */
    List<String> historyDifferences(String live, String rebuilt) {
        return jdbc.sql("""
                        WITH live AS (%s), rebuilt AS (%s)
                        SELECT coalesce(l.order_id, b.order_id) FROM live l FULL JOIN rebuilt b ON b.order_id = l.order_id
                        WHERE l.history IS DISTINCT FROM b.history
                        ORDER BY 1
                        """.formatted(history(live), history(rebuilt)))
                .query(String.class)
                .list();
    }

    private static String history(String schema) {
        return """
                SELECT h.order_id,
                       string_agg(concat_ws('|', h.sequence, h.from_status, h.to_status, trim_scale(h.expected_amount),
                                            trim_scale(h.paid_amount), trim_scale(h.refunded_amount), h.currency,
                                            array_to_string(h.flags, ','), h.cause_event_id, h.cause_kind,
                                            h.delivery_id),
                                  E'\n' ORDER BY h.sequence) AS history
                FROM %s.order_history h GROUP BY h.order_id
                """.formatted(ScratchSchema.quote(schema));
    }

    /** An order's state in one schema; its requests as one text, in the order they were added. */
    private static String state(String schema) {
        String s = ScratchSchema.quote(schema);
        return """
                SELECT o.order_id, o.status, o.expected_amount, o.paid_amount, o.refunded_amount, o.currency,
                       o.flags, o.link_token, o.link_expires_at, o.sequence,
                       (SELECT string_agg(r.request_id || ' paid ' || trim_scale(r.paid_amount)
                                          || ' refunded ' || trim_scale(r.refunded_amount)
                                          || coalesce(' expires ' || to_char(r.expires_at AT TIME ZONE 'UTC',
                                                                         'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), ''),
                                          '; ' ORDER BY r.position)
                        FROM %1$s.order_requests r WHERE r.order_id = o.order_id) AS requests
                FROM %1$s.orders o
                """.formatted(s);
    }

    private static OrderDifference difference(ResultSet rs) throws SQLException {
        boolean inLive = rs.getBoolean("in_live");
        boolean inRebuild = rs.getBoolean("in_rebuild");
        List<OrderDifference.Field> fields = new ArrayList<>();
        if (inLive && inRebuild) {
            text(fields, "status", rs.getString("l_status"), rs.getString("b_status"));
            amount(fields, "expectedAmount", rs.getBigDecimal("l_expected"), rs.getBigDecimal("b_expected"));
            amount(fields, "paidAmount", rs.getBigDecimal("l_paid"), rs.getBigDecimal("b_paid"));
            amount(fields, "refundedAmount", rs.getBigDecimal("l_refunded"), rs.getBigDecimal("b_refunded"));
            text(fields, "currency", rs.getString("l_currency"), rs.getString("b_currency"));
            text(fields, "flags", flags(rs.getArray("l_flags")), flags(rs.getArray("b_flags")));
            text(fields, "linkToken", rs.getString("l_token"), rs.getString("b_token"));
            text(fields, "linkExpiresAt", time(rs, "l_expires"), time(rs, "b_expires"));
            text(fields, "requests", rs.getString("l_requests"), rs.getString("b_requests"));
        }
        return new OrderDifference(
                rs.getString("order_id"),
                inLive,
                inRebuild,
                fields,
                inLive ? rs.getLong("l_sequence") : null,
                inRebuild ? rs.getLong("b_sequence") : null);
    }

    private static void text(List<OrderDifference.Field> fields, String name, String live, String rebuilt) {
        if (!Objects.equals(live, rebuilt)) {
            fields.add(new OrderDifference.Field(name, live, rebuilt));
        }
    }

    private static void amount(List<OrderDifference.Field> fields, String name, BigDecimal live, BigDecimal rebuilt) {
        boolean same = live == null ? rebuilt == null : rebuilt != null && live.compareTo(rebuilt) == 0;
        if (!same) {
            fields.add(new OrderDifference.Field(
                    name,
                    live == null ? null : live.toPlainString(),
                    rebuilt == null ? null : rebuilt.toPlainString()));
        }
    }

    private static String flags(Array array) throws SQLException {
        return array == null ? null : String.join(",", Arrays.asList((String[]) array.getArray()));
    }

    private static String time(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant().toString();
    }
}
