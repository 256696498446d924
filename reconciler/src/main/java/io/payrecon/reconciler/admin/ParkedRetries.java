package io.payrecon.reconciler.admin;

import io.payrecon.events.Topics;
import io.payrecon.reconciler.inbox.InboundRecord;
import io.payrecon.reconciler.inbox.Rejection;
import io.payrecon.reconciler.order.OrderReconciliation;
import java.util.Comparator;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-tries webhooks still parked although their request id is known now (a link normally releases them as it
 * arrives; this is for those left behind, those taken for foreign included). In one transaction: takes them out,
 * forgets their delivery record ({@code PARKED}, or {@code IGNORED} as foreign), and applies them through
 * {@link OrderReconciliation#applyWebhooks}, the listeners' own path, which deduplicates them by delivery id and
 * business key and records their new outcome. Run twice, the second finds nothing left to retry. Webhooks whose request
 * id is still unknown are not retried: waited for or foreign, only their link can apply them.
 */
@Component
class ParkedRetries {

    private final JdbcClient jdbc;
    private final OrderReconciliation reconciliation;
    private final TransactionTemplate transactions;

    ParkedRetries(JdbcClient jdbc, OrderReconciliation reconciliation, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.reconciliation = reconciliation;
        this.transactions = transactions;
    }

    /** What became of a retried delivery. */
    record Retried(String deliveryId, String requestId, String outcome, String orderId, String reason) {}

    /**
     * @param stillParked webhooks left parked and still waited for, their request ids unknown
     * @param foreign webhooks left parked that were taken for foreign (no link of ours came in time)
     */
    record Result(int retried, List<Retried> deliveries, long stillParked, long foreign) {}

    Result retry(int limit) {
        return transactions.execute(tx -> {
            record Parked(long parkedId, String deliveryId, String requestId, byte[] event) {}
            List<Parked> parked = jdbc
                    .sql("""
                            DELETE FROM parked_webhooks p
                            WHERE p.parked_id IN (SELECT q.parked_id FROM parked_webhooks q
                                                  JOIN order_requests r ON r.request_id = q.request_id
                                                  ORDER BY q.parked_id LIMIT :limit
                                                  FOR UPDATE OF q SKIP LOCKED)
                            RETURNING p.parked_id, p.delivery_id, p.request_id, p.event
                            """)
                    .param("limit", limit)
                    .query((rs, row) -> new Parked(
                            rs.getLong("parked_id"),
                            rs.getString("delivery_id"),
                            rs.getString("request_id"),
                            rs.getBytes("event")))
                    .list()
                    .stream()
                    .sorted(Comparator.comparingLong(Parked::parkedId))
                    .toList();
            if (!parked.isEmpty()) {
                String[] ids = parked.stream().map(Parked::deliveryId).toArray(String[]::new);
                jdbc.sql("""
                                DELETE FROM webhook_deliveries
                                WHERE delivery_id = ANY(CAST(:ids AS text[])) AND outcome IN ('PARKED', 'IGNORED')
                                """).param("ids", ids).update();
                List<Rejection> rejected = reconciliation.applyWebhooks(parked.stream()
                        .map(p -> new InboundRecord(Topics.WEBHOOKS, -1, -1, p.requestId(), p.event()))
                        .toList());
                if (!rejected.isEmpty()) {
                    throw new IllegalStateException("Parked delivery "
                            + parked.get(rejected.get(0).index()).deliveryId() + " cannot be applied: "
                            + rejected.get(0).reason() + "; nothing was retried");
                }
            }
            List<Retried> outcomes = jdbc.sql("""
                            SELECT delivery_id, request_id, outcome, order_id, reason FROM webhook_deliveries
                            WHERE delivery_id = ANY(CAST(:ids AS text[])) ORDER BY received_at, delivery_id
                            """)
                    .param("ids", parked.stream().map(Parked::deliveryId).toArray(String[]::new))
                    .query((rs, row) -> new Retried(
                            rs.getString("delivery_id"),
                            rs.getString("request_id"),
                            rs.getString("outcome"),
                            rs.getString("order_id"),
                            rs.getString("reason")))
                    .list();
            record Left(long waiting, long foreign) {}
            Left left = jdbc.sql("""
                            SELECT count(*) FILTER (WHERE foreign_at IS NULL) AS waiting,
                                   count(*) FILTER (WHERE foreign_at IS NOT NULL) AS foreign_count
                            FROM parked_webhooks
                            """)
                    .query((rs, row) -> new Left(rs.getLong("waiting"), rs.getLong("foreign_count")))
                    .single();
            return new Result(parked.size(), outcomes, left.waiting(), left.foreign());
        });
    }
}
