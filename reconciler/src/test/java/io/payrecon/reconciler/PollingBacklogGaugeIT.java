package io.payrecon.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code reconciler_polling_backlog} counts polls held back by the provider quota up to 10,000: more means the same to
 * an operator, and a count of a backlog of a million would cost PostgreSQL seconds every 10 s.
 */
class PollingBacklogGaugeIT extends RunningReconciler {

    private static final int CAP = 10_000;

    @Test
    void countsPollsHeldBackUpToTenThousand() {
        String prefix = "gauge-" + UUID.randomUUID() + "-";
        // open orders whose polls the quota held back, next due tomorrow: counted, never claimed by the poller
        jdbc.sql("""
                        INSERT INTO orders (order_id, status, expected_amount, paid_amount, currency, sequence,
                                            created_at, updated_at)
                        SELECT :prefix || g, 'AWAITING_PAYMENT', 10, 0, 'USDC', 0, now(), now()
                        FROM generate_series(1, :rows) AS g
                        """).param("prefix", prefix).param("rows", CAP + 50).update();
        jdbc.sql("""
                        INSERT INTO polls (request_id, order_id, since, poll_until, next_poll_at, last_outcome)
                        SELECT :prefix || 'request-' || g, :prefix || g, now(), now() + interval '2 days',
                               now() + interval '1 day', 'not polled: the provider quota is used by checkout (test)'
                        FROM generate_series(1, :rows) AS g
                        """).param("prefix", prefix).param("rows", CAP + 50).update();
        try {
            await().atMost(PATIENCE).until(() -> backlog() >= CAP);
            assertThat(backlog())
                    .as("counted up to the cap, not the %,d held back", CAP + 50)
                    .isEqualTo(CAP);
        } finally {
            jdbc.sql("DELETE FROM polls WHERE order_id LIKE :prefix || '%'")
                    .param("prefix", prefix)
                    .update();
            jdbc.sql("DELETE FROM orders WHERE order_id LIKE :prefix || '%'")
                    .param("prefix", prefix)
                    .update();
        }
        await().atMost(PATIENCE).until(() -> backlog() < CAP);
    }

    private double backlog() {
        return metric("reconciler_polling_backlog");
    }
}
