package io.payrecon.events;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The published contract of every event type (docs/contract/events, in this module's jar at
 * {@code contract/events/<type>.schema.json}), for tests that check what our code writes against it: the snapshot
 * tests here, and the system tests over real traffic (through this module's test-jar). Formats ({@code uuid},
 * {@code date-time}, {@code uri}) are asserted, not only annotated: a producer must be stricter than the contract.
 */
public final class EventSchemas {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(
                    SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private EventSchemas() {}

    /** The resource path of an event type's schema, such as {@code contract/events/payment-link.created.schema.json}. */
    public static String resource(String type) {
        return "contract/events/" + type + ".schema.json";
    }

    /** An event type's schema as JSON. */
    public static JsonNode schema(String type) {
        try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(resource(type))) {
            if (in == null) {
                throw new IllegalArgumentException("No published schema for event type '" + type + "': expected "
                        + resource(type) + " (docs/contract/events)");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What is wrong with one event as it is on the log, against the schema its {@code type} names; empty when it
     * conforms. An event without a known type is itself a violation.
     */
    public static List<String> violations(byte[] json) {
        JsonNode event = JSON.readTree(json);
        String type = event.path("type").asString("");
        if (!EventTypes.ALL.contains(type)) {
            return List.of("/type: '" + type + "' is not an event type of the catalogue " + EventTypes.ALL);
        }
        return SCHEMAS.computeIfAbsent(type, t -> REGISTRY.getSchema(schema(t))).validate(event).stream()
                .map(error -> type + " " + error.getInstanceLocation() + ": " + error.getMessage())
                .toList();
    }

    /** Fails with every violation, and the event, when the event does not conform to its schema. */
    public static void assertConforms(byte[] json) {
        List<String> violations = violations(json);
        if (!violations.isEmpty()) {
            throw new AssertionError(
                    "The event does not conform to its published schema:\n  " + String.join("\n  ", violations)
                            + "\nevent: " + new String(json, java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
