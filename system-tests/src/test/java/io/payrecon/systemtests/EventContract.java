package io.payrecon.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.events.CloudEventHeaders;
import io.payrecon.events.EventSchemas;
import io.payrecon.events.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every event a run's real traffic put on the log conforms to the published contract (docs/contract): its payload
 * to its type's JSON Schema, its {@code ce_*} headers to its payload, its key to its key field.
 */
public final class EventContract {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EventContract() {}

    /**
     * Reads every event topic to its end and fails with each violation found.
     *
     * @param kafka the broker and a login that may read every topic
     * @return how many events were checked, per topic
     */
    public static Map<String, Integer> assertEveryEventConforms(Map<String, Object> kafka) {
        TopicReader reader = new TopicReader(kafka);
        Map<String, Integer> checked = new java.util.LinkedHashMap<>();
        List<String> violations = new ArrayList<>();
        for (String topic : Topics.EVENT_TOPICS) {
            List<ConsumerRecord<String, byte[]>> records = reader.readAll(topic);
            checked.put(topic, records.size());
            for (ConsumerRecord<String, byte[]> record : records) {
                String where = topic + "-" + record.partition() + "@" + record.offset() + " ";
                EventSchemas.violations(record.value()).forEach(violation -> violations.add(where + violation));
                JsonNode event = JSON.readTree(record.value());
                if (!event.path("eventId").asString("").equals(header(record, CloudEventHeaders.ID))
                        || !event.path("type").asString("").equals(header(record, CloudEventHeaders.TYPE))
                        || !event.path("occurredAt").asString("").equals(header(record, CloudEventHeaders.TIME))) {
                    violations.add(where + "ce_* headers do not match the payload");
                }
                if (!"1.0".equals(header(record, CloudEventHeaders.SPEC_VERSION))
                        || header(record, CloudEventHeaders.SOURCE) == null) {
                    violations.add(where + "ce_specversion or ce_source missing");
                }
            }
        }
        assertThat(violations).as("events that break the published contract").isEmpty();
        return checked;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
