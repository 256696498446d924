package io.payrecon.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.events.Topics;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Who may do what on {@code /admin/**}: named operators with their own keys, read-only or operator; the audit log
 * names the operator the key belongs to, and an operation it cannot record does not happen. Against the real broker
 * and database.
 */
class AdminAccessIT extends RunningReconciler {

    @Test
    void withoutAKeyOrWithOneNoOperatorHasTheAdminApiAnswers401AndRunsNothing() {
        long deadLetter = newDeadLetter();
        for (String key : new String[] {null, "wrong-key", API_KEY}) {
            HttpResponse<String> read = get("/admin/dlt", "X-Admin-Key", key);
            HttpResponse<String> retry = post("/admin/dlt/" + deadLetter + "/retry", key);

            for (HttpResponse<String> response : List.of(read, retry)) {
                assertThat(response.statusCode())
                        .as("%s with key %s", response.uri(), key)
                        .isEqualTo(401);
                assertThat(response.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
                assertThat(JSON.readTree(response.body()).get("detail").stringValue())
                        .contains("X-Admin-Key", "ADMIN_OPERATORS");
                assertThat(JSON.readTree(response.body()).get("type").stringValue())
                        .isEqualTo("https://payrecon.io/problems/operator-key-required");
            }
        }
        assertThat(state(deadLetter)).isEqualTo("PENDING");
    }

    @Test
    void readOnlyOperatorReadsEverythingButIsRefusedAnyChangeWhichIsAudited() {
        long deadLetter = newDeadLetter();
        long before = lastAuditEntry();
        Map<TopicPartition, Long> ends = endOffsets(Topics.LINK_EVENTS);

        for (String path : List.of("/admin/dlt", "/admin/dlt/" + deadLetter, "/admin/parked", "/admin/audit")) {
            HttpResponse<String> read = admin("GET", path, null, VICTOR);
            assertThat(read.statusCode()).as("GET %s: %s", path, read.body()).isEqualTo(200);
        }
        HttpResponse<String> retry = admin("POST", "/admin/dlt/" + deadLetter + "/retry", null, VICTOR);
        HttpResponse<String> discard =
                admin("POST", "/admin/dlt/" + deadLetter + "/discard", "{\"reason\": \"not mine to drop\"}", VICTOR);
        HttpResponse<String> republish =
                admin("POST", "/admin/republish", "{\"orderId\": \"" + newOrderId() + "\"}", VICTOR);

        for (HttpResponse<String> refused : List.of(retry, discard, republish)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(JSON.readTree(refused.body()).get("detail").stringValue())
                    .contains("victor is read-only", "needs the operator role", "Nothing was done");
            assertThat(JSON.readTree(refused.body()).get("type").stringValue())
                    .isEqualTo("https://payrecon.io/problems/operator-role-required");
        }
        assertThat(state(deadLetter)).isEqualTo("PENDING");
        assertThat(endOffsets(Topics.LINK_EVENTS)).as("nothing re-injected").isEqualTo(ends);
        List<String> audited = auditSince(before).stream()
                .filter(entry -> entry.get("operator").stringValue().equals("victor"))
                .map(entry -> entry.get("command").stringValue() + " -> "
                        + entry.get("outcome").stringValue())
                .toList();
        assertThat(audited)
                .contains(
                        "POST /admin/dlt/" + deadLetter + "/retry -> refused (403): needs the operator role",
                        "POST /admin/dlt/" + deadLetter + "/discard -> refused (403): needs the operator role",
                        "POST /admin/republish -> refused (403): needs the operator role",
                        "dlt show -> shown, PENDING");
    }

    @Test
    void auditLogNamesTheOperatorWhoseKeyWasSentWhateverXOperatorClaims() {
        long deadLetter = newDeadLetter();
        long before = lastAuditEntry();

        HttpResponse<String> discarded = admin(
                "POST",
                "/admin/dlt/" + deadLetter + "/discard",
                "{\"reason\": \"test record\"}",
                CAROL,
                "X-Operator",
                "mallory");

        assertThat(discarded.statusCode()).as(discarded.body()).isEqualTo(200);
        assertThat(JSON.readTree(discarded.body()).get("settledBy").stringValue())
                .isEqualTo("carol");
        List<JsonNode> audited = auditSince(before);
        assertThat(audited)
                .filteredOn(entry -> entry.get("command").stringValue().equals("dlt discard"))
                .singleElement()
                .satisfies(entry -> {
                    assertThat(entry.get("operator").stringValue()).isEqualTo("carol");
                    assertThat(entry.get("outcome").stringValue()).isEqualTo("discarded");
                });
        assertThat(audited).noneMatch(entry -> entry.toString().contains("mallory"));
    }

    @Test
    void operationTheAuditLogCannotRecordIsRefusedWith503AndDoesNotHappen() {
        long deadLetter = newDeadLetter();
        Map<TopicPartition, Long> ends = endOffsets(Topics.LINK_EVENTS);
        // As if INSERT on ops_audit had been revoked from the reconciler's role. The tests connect as a superuser,
        // whom REVOKE does not bind, so a trigger refuses the insert the same way.
        jdbc.sql("""
                        CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN
                            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                                                  MESSAGE = 'permission denied for table ops_audit';
                        END $$
                        """).update();
        jdbc.sql("CREATE TRIGGER refuse_audit BEFORE INSERT ON ops_audit FOR EACH ROW EXECUTE FUNCTION refuse_audit()")
                .update();
        HttpResponse<String> retry;
        HttpResponse<String> read;
        try {
            retry = admin("POST", "/admin/dlt/" + deadLetter + "/retry", null, ALICE);
            read = admin("GET", "/admin/dlt/" + deadLetter, null, ALICE);
        } finally {
            jdbc.sql("DROP TRIGGER refuse_audit ON ops_audit").update();
            jdbc.sql("DROP FUNCTION refuse_audit()").update();
        }

        for (HttpResponse<String> refused : List.of(retry, read)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(JSON.readTree(refused.body()).get("detail").stringValue())
                    .startsWith("Nothing was done")
                    .contains("audit log");
            assertThat(JSON.readTree(refused.body()).get("type").stringValue())
                    .isEqualTo("https://payrecon.io/problems/storage-unavailable");
        }
        assertThat(state(deadLetter)).isEqualTo("PENDING");
        assertThat(endOffsets(Topics.LINK_EVENTS)).as("nothing re-injected").isEqualTo(ends);
        HttpResponse<String> once = admin("POST", "/admin/dlt/" + deadLetter + "/retry", null, ALICE);
        assertThat(once.statusCode())
                .as("the audit log writable again, the retry runs (the record is still poison): " + once.body())
                .isEqualTo(422);
        assertThat(JSON.readTree(once.body()).get("detail").stringValue()).contains("still cannot be applied");
        assertThat(JSON.readTree(once.body()).get("type").stringValue())
                .isEqualTo("https://payrecon.io/problems/dead-letter-not-applicable");
    }

    @Test
    void onlyTheAdminApiIsBehindOperatorKeysStatelessAndWithoutALoginPage() {
        HttpResponse<String> health = get("/actuator/health", null);
        HttpResponse<String> api = get("/api/orders/" + newOrderId(), API_KEY);
        HttpResponse<String> admin = admin("GET", "/admin/parked", null, ALICE);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(api.statusCode()).as("an unknown order, not a refusal").isEqualTo(404);
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.headers().firstValue("Set-Cookie")).as("no session").isEmpty();
        assertThat(get("/login", null).statusCode()).isEqualTo(404);
        assertThat(get("/admin/login", null).statusCode()).isEqualTo(401);
    }

    /** A poison record on the link events, dead-lettered; its dead letter's id. */
    private long newDeadLetter() {
        String key = "poison-" + newOrderId();
        sendRaw(Topics.LINK_EVENTS, key, "not an event".getBytes(StandardCharsets.UTF_8));
        return await().atMost(PATIENCE)
                .until(
                        () -> jdbc.sql("SELECT dead_letter_id FROM dead_letters WHERE record_key = :key")
                                .param("key", key)
                                .query(Long.class)
                                .optional(),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }

    private String state(long deadLetter) {
        return jdbc.sql("SELECT state FROM dead_letters WHERE dead_letter_id = :id")
                .param("id", deadLetter)
                .query(String.class)
                .single();
    }

    private long lastAuditEntry() {
        return jdbc.sql("SELECT coalesce(max(audit_id), 0) FROM ops_audit")
                .query(Long.class)
                .single();
    }

    /** The audit log's entries after {@code entry}, oldest first, read from the table. */
    private List<JsonNode> auditSince(long entry) {
        return jdbc.sql("""
                        SELECT CAST(json_build_object('operator', operator, 'command', command, 'arguments', arguments,
                                                 'outcome', outcome) AS text)
                        FROM ops_audit WHERE audit_id > :entry ORDER BY audit_id
                        """).param("entry", entry).query(String.class).list().stream()
                .map(JSON::readTree)
                .toList();
    }

    private HttpResponse<String> post(String path, String key) {
        return admin("POST", path, null, new TestOperator("nobody", "operator", key));
    }

    private static Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(stack().adminClientProperties())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            return consumer.endOffsets(partitions);
        }
    }
}
