package io.payrecon.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.events.CloudEventHeaders;
import io.payrecon.events.EventSchemas;
import io.payrecon.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every event a run's real traffic put on the log conforms to the published contract (docs/contract): its payload
 * to its type's JSON Schema, its {@code ce_*} headers to its payload. The last event of each type is kept under
 * {@code target/contract-examples/<type>.json} (headers and payload), where the AsyncAPI document's examples come from.
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
        Map<String, Integer> checked = new LinkedHashMap<>();
        List<String> violations = new ArrayList<>();
        Map<String, ConsumerRecord<String, byte[]>> examples = new TreeMap<>();
        for (String topic : Topics.EVENT_TOPICS) {
            List<ConsumerRecord<String, byte[]>> records = reader.readAll(topic);
            checked.put(topic, records.size());
            for (ConsumerRecord<String, byte[]> record : records) {
                String where = topic + "-" + record.partition() + "@" + record.offset() + " ";
                EventSchemas.violations(record.value()).forEach(violation -> violations.add(where + violation));
                JsonNode event = JSON.readTree(record.value());
                examples.put(event.path("type").asString(""), record);
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
        examples.forEach(EventContract::keepExample);
        assertThat(violations).as("events that break the published contract").isEmpty();
        return checked;
    }

    private static void keepExample(String type, ConsumerRecord<String, byte[]> record) {
        var example = JSON.createObjectNode();
        example.put("topic", record.topic());
        example.put("key", record.key());
        var headers = example.putObject("headers");
        record.headers()
                .forEach(header -> headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8)));
        example.set("payload", JSON.readTree(record.value()));
        try {
            Path file = Path.of("target", "contract-examples", type + ".json");
            Files.createDirectories(file.getParent());
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), example);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
