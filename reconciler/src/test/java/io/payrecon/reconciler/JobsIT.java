package io.payrecon.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.events.Topics;
import io.payrecon.events.WebhookReceived;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replays, republishes and rebuilds as jobs ({@code /admin/jobs}): progress against a known total, cancel while
 * running, a job whose instance died (its heartbeat stale) shown interrupted and resumed from its checkpoint, restart,
 * and who may do what. Against the real broker and database; jobs run on this app's workers (page size 50 with a
 * 20 ms pause, RunningReconciler).
 */
class JobsIT extends RunningReconciler {

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void replayShowsProgressOfAKnownTotalIsCancelledWhileRunningAndItsResumeReadsEveryRecordOnce() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        awaitOrder(orderId);
        Instant from = Instant.now().minusSeconds(1);
        WebhookReceived paid = webhook("payment.confirmed.json", requestId);
        // one delivery sent 3,000 times: the live path applies it once, and so does every page of the replay
        sendRepeatedly(Topics.WEBHOOKS, paid, 3000);
        String range = "\"from\": \"" + from + "\", \"to\": \"" + Instant.now().plusSeconds(1) + "\", \"orderId\": \""
                + orderId + "\"";

        long id = startJob("/admin/replay", "{" + range + "}", ALICE).get("id").longValue();
        JsonNode running = await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> job(id), job -> job.get("done").longValue() > 0);

        assertThat(running.get("state").stringValue()).isEqualTo("running");
        assertThat(running.get("total").longValue())
                .as("the offsets in the range")
                .isGreaterThanOrEqualTo(3000);
        assertThat(running.get("percent").doubleValue()).isBetween(0.0, 100.0);
        assertThat(running.get("notes")).isNotEmpty();
        HttpResponse<String> cancel = admin("POST", "/admin/jobs/" + id + "/cancel", null, ALICE);
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
        JsonNode cancelled = awaitJobEnd(id);

        assertThat(cancelled.get("state").stringValue())
                .as(cancelled.toString())
                .isEqualTo("cancelled");
        assertThat(cancelled.get("error").stringValue()).contains("Cancelled");
        long doneWhenCancelled = cancelled.get("done").longValue();
        long total = cancelled.get("total").longValue();
        assertThat(doneWhenCancelled)
                .as("stopped between pages, before the end")
                .isLessThan(total);
        assertThat(cancelled.get("checkpoint").get("read").longValue()).isEqualTo(doneWhenCancelled);
        assertThat(admin("POST", "/admin/jobs/" + id + "/cancel", null, ALICE).statusCode())
                .as("a cancelled job cannot be cancelled again")
                .isEqualTo(409);

        HttpResponse<String> resume = admin("POST", "/admin/jobs/" + id + "/resume", null, ALICE);
        assertThat(resume.statusCode()).as(resume.body()).isEqualTo(202);
        JsonNode resumed = awaitJobEnd(id);

        assertThat(resumed.get("state").stringValue()).as(resumed.toString()).isEqualTo("succeeded");
        JsonNode result = resumed.get("result");
        assertThat(result.get("read").longValue())
                .as("every record of the range read once over both runs, far more than a page: no cap")
                .isEqualTo(total)
                .isGreaterThan(50 * 10);
        assertThat(result.get("webhooks").longValue()).isEqualTo(3000);
        assertThat(result.get("changeCount").longValue())
                .as("applied before, by the live path")
                .isZero();
        assertThat(resumed.get("done").longValue()).isEqualTo(total);
        assertThat(resumed.get("percent").doubleValue()).isEqualTo(100.0);
        assertThat(order(orderId).get("status").stringValue()).isEqualTo("PAID");
        assertStatusEventsStay(orderId, 1);
        JsonNode audit = JSON.readTree(
                admin("GET", "/admin/audit?operator=alice&limit=3", null, ALICE).body());
        assertThat(audit.valueStream().map(entry -> entry.get("command").stringValue()))
                .containsExactly("job resume", "job cancel", "job cancel");
    }

    @Test
    void aJobLeftRunningByAKilledInstanceIsInterruptedAndItsResumeAppliesEveryFactOnce() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        awaitOrder(orderId);
        MessageListenerContainer webhooks = listeners.getListenerContainer("webhooks");
        Instant from = Instant.now().minusSeconds(1);
        WebhookReceived partial = webhook("payment.partial.json", requestId);
        WebhookReceived confirmed = webhook("payment.confirmed.json", requestId);
        try {
            webhooks.pause();
            await().atMost(PATIENCE).until(webhooks::isContainerPaused);
            send(Topics.WEBHOOKS, partial);
            Instant between = Instant.now().plusMillis(1);
            await().atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(2))
                    .until(() -> Instant.now().isAfter(between.plusMillis(1)));
            // The killed instance had applied the range up to the partial payment, and checkpointed it.
            JsonNode first = awaitJobEnd(startJob(
                            "/admin/replay",
                            "{\"from\": \"" + from + "\", \"to\": \"" + between + "\", \"orderId\": \"" + orderId
                                    + "\"}",
                            ALICE)
                    .get("id")
                    .longValue());
            assertThat(first.get("result").get("changeCount").longValue()).isEqualTo(1);
            assertThat(order(orderId).get("status").stringValue()).isEqualTo("PARTIALLY_PAID");
            send(Topics.WEBHOOKS, confirmed);
            Instant to = Instant.now().plusSeconds(1);
            long id = jdbc.sql("""
                            INSERT INTO ops_jobs (kind, dry_run, parameters, state, operator, created_at, started_at,
                                                  heartbeat_at, done, checkpoint, instance)
                            VALUES ('replay', false, CAST(:parameters AS jsonb), 'running', 'alice',
                                    now() - interval '11 minutes', now() - interval '11 minutes',
                                    now() - interval '10 minutes', :done, CAST(:checkpoint AS jsonb),
                                    'reconciler-killed')
                            RETURNING job_id
                            """)
                    .param(
                            "parameters",
                            JSON.createObjectNode()
                                    .put("from", from.toString())
                                    .put("to", to.toString())
                                    .put("orderId", orderId)
                                    .toString())
                    .param("done", first.get("done").longValue())
                    // where the killed instance's run had got to; the end of its range is its own, found again
                    .param("checkpoint", checkpointWithoutStops(first))
                    .query(Long.class)
                    .single();

            JsonNode interrupted = await().atMost(PATIENCE)
                    .until(() -> job(id), job -> job.get("state").stringValue().equals("interrupted"));

            assertThat(interrupted.get("error").stringValue()).contains("No heartbeat", "reconciler-killed");
            assertThat(admin("POST", "/admin/jobs/" + id + "/resume", null, VICTOR)
                            .statusCode())
                    .as("read-only")
                    .isEqualTo(403);
            assertThat(admin("POST", "/admin/jobs/" + id + "/resume", null, ALICE)
                            .statusCode())
                    .isEqualTo(202);
            JsonNode resumed = awaitJobEnd(id);

            assertThat(resumed.get("state").stringValue())
                    .as(resumed.toString())
                    .isEqualTo("succeeded");
            JsonNode result = resumed.get("result");
            assertThat(result.get("webhooks").longValue())
                    .as("the partial payment counted from the checkpoint, only the confirmation read again")
                    .isEqualTo(2);
            assertThat(result.get("changeCount").longValue()).isEqualTo(2);
            assertThat(result.get("changes"))
                    .as("this run's changes: the confirmation's only")
                    .singleElement()
                    .satisfies(change -> {
                        assertThat(change.get("to").stringValue()).isEqualTo("PAID");
                        assertThat(change.get("deliveryId").stringValue()).isEqualTo(confirmed.deliveryId());
                    });
            assertThat(order(orderId).get("status").stringValue()).isEqualTo("PAID");
        } finally {
            webhooks.resume();
        }
        awaitOutcome(confirmed.deliveryId(), "APPLIED");
        assertThat(jdbc.sql("SELECT count(*) FROM order_history WHERE order_id = :orderId AND sequence > 0")
                        .param("orderId", orderId)
                        .query(Long.class)
                        .single())
                .as("each fact applied once")
                .isEqualTo(2);
        assertStatusEventsStay(orderId, 2);
    }

    @Test
    void aWorkerWhoseClaimWasTakenMeanwhileStopsAtOnceAndWritesNothingMore() throws InterruptedException {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        awaitOrder(orderId);
        Instant from = Instant.now().minusSeconds(1);
        sendRepeatedly(Topics.WEBHOOKS, webhook("payment.confirmed.json", requestId), 3000);
        String range = "\"from\": \"" + from + "\", \"to\": \"" + Instant.now().plusSeconds(1) + "\", \"orderId\": \""
                + orderId + "\"";
        long id = startJob("/admin/replay", "{" + range + "}", ALICE).get("id").longValue();
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> job(id), job -> job.get("done").longValue() > 0);

        // As when the sweep marked the job interrupted while its worker was still alive (a late heartbeat), an
        // operator resumed it and this same instance claimed it again: the row is running here, under a new attempt.
        int attempt = jdbc.sql("""
                        UPDATE ops_jobs SET attempt = attempt + 1, heartbeat_at = now() - interval '1 second'
                        WHERE job_id = :id AND state = 'running'
                        RETURNING attempt
                        """).param("id", id).query(Integer.class).single();
        Thread.sleep(1000);
        JsonNode settled = job(id);
        Thread.sleep(6000); // more than the heartbeat interval (5 s)
        JsonNode later = job(id);

        assertThat(later.get("state").stringValue())
                .as("the old worker's end is not written over the new claim")
                .isEqualTo("running");
        assertThat(later.get("done").longValue())
                .as("the old worker wrote no page more: it stopped at once")
                .isEqualTo(settled.get("done").longValue())
                .isLessThan(later.get("total").longValue());
        assertThat(later.get("heartbeatAt").stringValue())
                .as("nor a heartbeat for the claim it lost")
                .isEqualTo(settled.get("heartbeatAt").stringValue());
        assertThat(jdbc.sql("SELECT attempt FROM ops_jobs WHERE job_id = :id")
                        .param("id", id)
                        .query(Integer.class)
                        .single())
                .isEqualTo(attempt);

        // the new claim, which has no worker here, is swept; resumed, the job reads every record once
        jdbc.sql("UPDATE ops_jobs SET heartbeat_at = now() - interval '10 minutes' WHERE job_id = :id")
                .param("id", id)
                .update();
        await().atMost(PATIENCE)
                .until(() -> job(id), job -> job.get("state").stringValue().equals("interrupted"));
        assertThat(admin("POST", "/admin/jobs/" + id + "/resume", null, ALICE).statusCode())
                .isEqualTo(202);
        JsonNode resumed = awaitJobEnd(id);
        assertThat(resumed.get("state").stringValue()).as(resumed.toString()).isEqualTo("succeeded");
        assertThat(resumed.get("result").get("read").longValue())
                .as("every record of the range read once over both claims")
                .isEqualTo(resumed.get("total").longValue());
        assertThat(resumed.get("result").get("webhooks").longValue()).isEqualTo(3000);
    }

    @Test
    void resumingAJobThatStartsOverStartsItsProgressOverToo() {
        String orderId = newOrderId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, newRequestId()));
        awaitOrder(orderId);
        long id = jdbc.sql("""
                        INSERT INTO ops_jobs (kind, dry_run, parameters, state, operator, created_at, started_at,
                                              finished_at, heartbeat_at, done, total, error, instance)
                        VALUES ('replay', true, CAST(:parameters AS jsonb), 'interrupted', 'alice', now(), now(),
                                now(), now(), 500, 1000, 'Infrastructure outage', 'reconciler-1')
                        RETURNING job_id
                        """)
                .param(
                        "parameters",
                        JSON.createObjectNode()
                                .put("from", Instant.now().minusSeconds(2).toString())
                                .put("to", Instant.now().minusSeconds(1).toString())
                                .put("orderId", orderId)
                                .toString())
                .query(Long.class)
                .single();

        HttpResponse<String> resume = admin("POST", "/admin/jobs/" + id + "/resume", null, ALICE);

        assertThat(resume.statusCode()).as(resume.body()).isEqualTo(202);
        assertThat(JSON.readTree(resume.body()).get("done").longValue())
                .as("a dry run starts over: its progress too")
                .isZero();
        JsonNode ended = awaitJobEnd(id);
        assertThat(ended.get("state").stringValue()).as(ended.toString()).isEqualTo("succeeded");
        assertThat(ended.get("done").longValue()).isLessThan(500);
        assertThat(ended.get("total").longValue()).isLessThan(1000);
    }

    @Test
    void aRebuildCancelledBetweenPagesDropsItsScratchSchemaAndNeverSwitchesOver() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        send(Topics.WEBHOOKS, webhook("payment.partial.json", requestId));
        awaitStatusEvents(orderId, 1);
        jdbc.sql("UPDATE orders SET paid_amount = 20.0 WHERE order_id = :orderId")
                .param("orderId", orderId)
                .update();
        // queued with its cancel asked, as when an operator's cancel arrives just as a worker claimed it: it stops
        // after its first page
        long id = jdbc.sql("""
                        INSERT INTO ops_jobs (kind, dry_run, parameters, state, operator, created_at, cancel_requested)
                        VALUES ('rebuild', false, CAST('{}' AS jsonb), 'queued', 'alice', now(), true)
                        RETURNING job_id
                        """).query(Long.class).single();

        JsonNode cancelled = awaitJobEnd(id);

        assertThat(cancelled.get("state").stringValue())
                .as(cancelled.toString())
                .isEqualTo("cancelled");
        assertThat(cancelled.get("done").longValue()).as("one page read").isPositive();
        assertThat(cancelled.get("result").isNull()).isTrue();
        assertThat(cancelled.get("notes").valueStream().map(JsonNode::stringValue))
                .anySatisfy(note -> assertThat(note).contains("its resume is a restart"));
        assertThat(jdbc.sql("SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'reconciler_rebuild'")
                        .query(Long.class)
                        .single())
                .as("scratch schema dropped")
                .isZero();
        assertThat(order(orderId).get("paidAmount").stringValue())
                .as("not switched over: the differing order is left as it is")
                .isEqualTo("20.0");
        assertStatusEventsStay(orderId, 1);
        assertThat(listeners.getListenerContainer("webhooks").isPauseRequested())
                .isFalse();
    }

    @Test
    void restartClearsProgressAndCheckpointAndRunsTheWholeRangeAgain() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        send(Topics.WEBHOOKS, webhook("payment.confirmed.json", requestId));
        awaitStatusEvents(orderId, 1);
        Instant from = Instant.now().minusSeconds(30);
        long id = jdbc.sql("""
                        INSERT INTO ops_jobs (kind, dry_run, parameters, state, operator, created_at, started_at,
                                              finished_at, heartbeat_at, done, total, checkpoint, error, instance)
                        VALUES ('replay', true, CAST(:parameters AS jsonb), 'cancelled', 'alice', now(), now(), now(),
                                now(), 7, 100, CAST('{"next": {}, "read": 7}' AS jsonb), 'Cancelled by an operator',
                                'reconciler-1')
                        RETURNING job_id
                        """)
                .param(
                        "parameters",
                        JSON.createObjectNode()
                                .put("from", from.toString())
                                .put("to", Instant.now().plusSeconds(1).toString())
                                .put("orderId", orderId)
                                .toString())
                .query(Long.class)
                .single();

        HttpResponse<String> restart = admin("POST", "/admin/jobs/" + id + "/restart", null, ALICE);

        assertThat(restart.statusCode()).as(restart.body()).isEqualTo(202);
        JsonNode queued = JSON.readTree(restart.body());
        assertThat(queued.get("state").stringValue()).isIn("queued", "running");
        assertThat(queued.get("done").longValue()).isZero();
        assertThat(queued.get("checkpoint").isNull()).isTrue();
        assertThat(queued.get("error").isNull()).isTrue();
        JsonNode ended = awaitJobEnd(id);
        assertThat(ended.get("state").stringValue()).as(ended.toString()).isEqualTo("succeeded");
        assertThat(ended.get("result").get("webhooks").longValue()).isEqualTo(1);
        assertThat(ended.get("result").get("read").longValue())
                .isEqualTo(ended.get("total").longValue());
        assertThat(ended.get("result").get("changes"))
                .as("a dry run: the change was made before, by the live path")
                .isEmpty();
        HttpResponse<String> again = admin("POST", "/admin/jobs/" + id + "/resume", null, ALICE);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
        assertThat(JSON.readTree(again.body()).get("type").stringValue())
                .isEqualTo("https://payrecon.io/problems/job-not-resumable");
    }

    @Test
    void jobsAreListedNewestFirstByKindAndPagedByKey() {
        String orderId = newOrderId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, newRequestId()));
        awaitOrder(orderId);
        String body = "{\"orderId\": \"" + orderId + "\", \"dryRun\": true}";
        long older = startJob("/admin/republish", body, ALICE).get("id").longValue();
        long newer = startJob("/admin/republish", body, ALICE).get("id").longValue();
        awaitJobEnd(older);
        awaitJobEnd(newer);

        JsonNode page = JSON.readTree(
                admin("GET", "/admin/jobs?kind=republish&limit=1", null, VICTOR).body());
        JsonNode next = JSON.readTree(admin("GET", "/admin/jobs?kind=republish&limit=1&before=" + newer, null, VICTOR)
                .body());

        assertThat(page)
                .singleElement()
                .satisfies(job -> assertThat(job.get("id").longValue()).isEqualTo(newer));
        assertThat(next)
                .singleElement()
                .satisfies(job -> assertThat(job.get("id").longValue()).isEqualTo(older));
        assertThat(JSON.readTree(admin("GET", "/admin/jobs?state=succeeded&kind=replay&limit=5", null, VICTOR)
                                .body())
                        .valueStream()
                        .map(job -> job.get("kind").stringValue() + " "
                                + job.get("state").stringValue())
                        .distinct()
                        .toList())
                .isSubsetOf(List.of("replay succeeded"));
        assertThat(admin("GET", "/admin/jobs?state=done", null, VICTOR).statusCode())
                .isEqualTo(400);
    }

    @Test
    void aReadOnlyOperatorMayLookButNotStartOrCancelAndAnUnknownJobIsAProblem() {
        String range = "{\"from\": \"" + Instant.now().minusSeconds(5) + "\", \"to\": \"" + Instant.now() + "\"}";
        assertThat(admin("POST", "/admin/replay", range, VICTOR).statusCode()).isEqualTo(403);
        assertThat(admin("POST", "/admin/republish", "{\"since\": \"" + Instant.now() + "\"}", VICTOR)
                        .statusCode())
                .isEqualTo(403);
        assertThat(admin("POST", "/admin/rebuild", "{\"dryRun\": true}", VICTOR).statusCode())
                .isEqualTo(403);
        long id = startJob("/admin/replay", range, ALICE).get("id").longValue();
        assertThat(admin("POST", "/admin/jobs/" + id + "/cancel", null, VICTOR).statusCode())
                .isEqualTo(403);
        assertThat(admin("GET", "/admin/jobs/" + id, null, VICTOR).statusCode()).isEqualTo(200);
        assertThat(awaitJobEnd(id).get("state").stringValue()).isEqualTo("succeeded");

        HttpResponse<String> unknown = admin("GET", "/admin/jobs/999999999", null, VICTOR);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(unknown.body());
        assertThat(problem.get("type").stringValue()).isEqualTo("https://payrecon.io/problems/unknown-job");
        assertThat(problem.get("detail").stringValue()).contains("999999999", "GET /admin/jobs");
        assertThat(admin("POST", "/admin/jobs/999999999/cancel", null, ALICE).statusCode())
                .isEqualTo(404);
        assertThat(admin("POST", "/admin/replay", "{\"from\": \"" + Instant.now() + "\"}", ALICE)
                        .statusCode())
                .as("a bad range is refused at once, nothing queued")
                .isEqualTo(400);
        assertThat(admin("POST", "/admin/replay", range.replace("}", ", \"orderId\": \"no-such-order\"}"), ALICE)
                        .statusCode())
                .isEqualTo(404);
    }

    /** A job's checkpoint without where its range ends: the offsets it reached, for a run of a longer range. */
    private static String checkpointWithoutStops(JsonNode job) {
        ObjectNode checkpoint = (ObjectNode) job.get("checkpoint").deepCopy();
        checkpoint.remove("stops");
        return checkpoint.toString();
    }
}
