package io.payrecon.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The published schemas (docs/contract/events) and the records cannot drift apart unnoticed, in either direction:
 * every field a record writes is in its schema with the JSON type the codec writes it as, every property of a schema
 * is a field of its record, the statuses a schema knows are the enum's, and every event the codec writes (the
 * snapshots, old and current) conforms, while events that break the contract do not.
 */
class EventSchemaContractTest {

    private static final Path PUBLISHED = Path.of("..", "docs", "contract", "events");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Stream<Class<?>> eventClasses() {
        return Stream.of(LinkEvent.class, WebhookEvent.class, ProviderEvent.class, OrderStatusEvent.class)
                .flatMap(family ->
                        Arrays.stream(family.getAnnotation(JsonSubTypes.class).value()))
                .map(JsonSubTypes.Type::value);
    }

    @Test
    void everyEventTypeHasASchemaAndEverySchemaIsAnEventType() throws IOException {
        Set<String> published;
        try (Stream<Path> files = Files.list(PUBLISHED)) {
            published = new TreeSet<>(files.map(file -> file.getFileName().toString())
                    .map(name -> name.replace(".schema.json", ""))
                    .toList());
        }

        assertThat(published).containsExactlyInAnyOrderElementsOf(EventTypes.ALL);
        assertThat(eventClasses().map(EventTypes::nameOf)).containsExactlyInAnyOrderElementsOf(EventTypes.ALL);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventClasses")
    void theSchemaHasExactlyTheRecordsFieldsWithTheTypesTheCodecWrites(Class<?> eventClass) {
        JsonNode schema = EventSchemas.schema(EventTypes.nameOf(eventClass));

        assertThat(schema.path("properties").path("type").path("const").asString())
                .isEqualTo(EventTypes.nameOf(eventClass));
        assertMatches(eventClass, schema, schema, eventClass.getSimpleName(), true);
    }

    @Test
    void theStatusesASchemaKnowsAreTheEnumsAndNoOthers() {
        JsonNode schema = EventSchemas.schema(EventTypes.ORDER_PAYMENT_STATUS_CHANGED);
        JsonNode status = resolve(schema, schema.path("properties").path("status"));

        assertThat(knownValues(status))
                .containsExactlyElementsOf(
                        Arrays.stream(PaymentStatus.values()).map(Enum::name).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snapshots")
    void everySnapshotConformsToItsSchema(String snapshot) throws IOException {
        EventSchemas.assertConforms(Files.readAllBytes(Path.of("src/test/resources/snapshots", snapshot)));
    }

    static Stream<String> snapshots() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources/snapshots"))) {
            return files
                    .filter(Files::isRegularFile)
                    .map(file -> Path.of("src/test/resources/snapshots")
                            .relativize(file)
                            .toString())
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @Test
    void aStatusAddedLaterConformsSoConsumersThatValidateDoNotRejectIt() {
        ObjectNode event = snapshot(EventTypes.ORDER_PAYMENT_STATUS_CHANGED);
        event.put("status", "CHARGED_BACK");
        event.putArray("flags").add("chargedBack");

        assertThat(EventSchemas.violations(JSON.writeValueAsBytes(event))).isEmpty();
    }

    @Test
    void eventsThatBreakTheContractAreRejected() {
        ObjectNode missingSequence = snapshot(EventTypes.ORDER_PAYMENT_STATUS_CHANGED);
        missingSequence.remove("sequence");
        ObjectNode amountAsNumber = snapshot(EventTypes.ORDER_PAYMENT_STATUS_CHANGED);
        amountAsNumber.put("paidAmount", new BigDecimal("12.00"));
        ObjectNode exponent = snapshot(EventTypes.PAYMENT_LINK_CREATED);
        exponent.put("amount", "1E+2");
        ObjectNode badId = snapshot(EventTypes.PAYMENT_LINK_EXPIRED);
        badId.put("eventId", "not-a-uuid");
        ObjectNode badTime = snapshot(EventTypes.WEBHOOK_RECEIVED);
        badTime.put("occurredAt", "yesterday");
        ObjectNode lowerCaseStatus = snapshot(EventTypes.ORDER_PAYMENT_STATUS_CHANGED);
        lowerCaseStatus.put("status", "paid");
        ObjectNode unknownType = snapshot(EventTypes.ORDER_PAYMENT_STATUS_CHANGED);
        unknownType.put("type", "order.payment-status-changed.v2");

        assertThat(EventSchemas.violations(JSON.writeValueAsBytes(missingSequence)))
                .anySatisfy(violation -> assertThat(violation).contains("sequence"));
        assertThat(EventSchemas.violations(JSON.writeValueAsBytes(amountAsNumber)))
                .anySatisfy(violation -> assertThat(violation).contains("/paidAmount"));
        assertThat(EventSchemas.violations(JSON.writeValueAsBytes(exponent)))
                .anySatisfy(violation -> assertThat(violation).contains("/amount"));
        assertThat(EventSchemas.violations(JSON.writeValueAsBytes(badId)))
                .anySatisfy(violation -> assertThat(violation).contains("/eventId"));
        assertThat(EventSchemas.violations(JSON.writeValueAsBytes(badTime)))
                .anySatisfy(violation -> assertThat(violation).contains("/occurredAt"));
        assertThat(EventSchemas.violations(JSON.writeValueAsBytes(lowerCaseStatus)))
                .anySatisfy(violation -> assertThat(violation).contains("/status"));
        assertThat(EventSchemas.violations(JSON.writeValueAsBytes(unknownType)))
                .singleElement()
                .satisfies(violation -> assertThat(violation).contains("not an event type"));
    }

    /** A record's components against a schema object's properties, recursively through nested records and lists. */
    private static void assertMatches(Class<?> record, JsonNode root, JsonNode schema, String where, boolean event) {
        JsonNode object = resolve(root, schema);
        Set<String> fields = new LinkedHashSet<>();
        if (event) {
            fields.add("type");
        }
        Arrays.stream(record.getRecordComponents())
                .map(RecordComponent::getName)
                .forEach(fields::add);

        assertThat(names(object.path("properties")))
                .as("the properties of %s's schema against the record's fields", where)
                .containsExactlyInAnyOrderElementsOf(fields);
        assertThat(names(object.path("required")))
                .as("%s's required properties", where)
                .isSubsetOf(fields);
        for (RecordComponent component : record.getRecordComponents()) {
            assertTypeMatches(
                    component.getGenericType(),
                    root,
                    object.path("properties").path(component.getName()),
                    where + "." + component.getName());
        }
    }

    private static void assertTypeMatches(Type javaType, JsonNode root, JsonNode property, String where) {
        JsonNode resolved = resolve(root, property);
        Class<?> raw = javaType instanceof ParameterizedType parameterized
                ? (Class<?>) parameterized.getRawType()
                : (Class<?>) javaType;
        assertThat(jsonTypes(root, resolved))
                .as("the JSON type of %s (%s) in its schema", where, raw.getSimpleName())
                .containsExactly(jsonType(raw));
        if (raw.isRecord()) {
            assertMatches(raw, root, resolved, where, false);
        } else if (Collection.class.isAssignableFrom(raw)) {
            Type element = ((ParameterizedType) javaType).getActualTypeArguments()[0];
            assertTypeMatches(element, root, resolved.path("items"), where + "[]");
        } else if (raw.isEnum()) {
            assertThat(knownValues(resolved))
                    .as("the values of %s that its schema knows", where)
                    .containsExactlyElementsOf(Arrays.stream(raw.getEnumConstants())
                            .map(constant -> ((Enum<?>) constant).name())
                            .toList());
        }
    }

    /** The codec's JSON type for a Java type: amounts, ids, instants and bytes (base64) are strings. */
    private static String jsonType(Class<?> raw) {
        if (raw == String.class
                || raw == UUID.class
                || raw == Instant.class
                || raw == BigDecimal.class
                || raw == byte[].class
                || raw.isEnum()) {
            return "string";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "boolean";
        }
        if (raw == int.class || raw == long.class) {
            return "integer";
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return "array";
        }
        if (Map.class.isAssignableFrom(raw) || raw.isRecord()) {
            return "object";
        }
        throw new AssertionError("No JSON type known for " + raw + ": teach this test how the codec writes it");
    }

    /** The JSON types a schema allows besides null ({@code enum} and {@code const} of strings count as string). */
    private static Set<String> jsonTypes(JsonNode root, JsonNode schema) {
        Set<String> types = new TreeSet<>();
        JsonNode type = schema.path("type");
        if (type.isString()) {
            types.add(type.asString());
        }
        type.valueStream().map(JsonNode::asString).forEach(types::add);
        if (schema.has("enum") || schema.has("const")) {
            types.add("string");
        }
        schema.path("anyOf").valueStream().forEach(branch -> types.addAll(jsonTypes(root, resolve(root, branch))));
        types.remove("null");
        return types;
    }

    /** The values an open enumeration ({@code anyOf} of an {@code enum} and a pattern) or a closed one lists. */
    private static List<String> knownValues(JsonNode schema) {
        return Stream.concat(Stream.of(schema), schema.path("anyOf").valueStream())
                .flatMap(branch -> branch.path("enum").valueStream())
                .map(JsonNode::asString)
                .toList();
    }

    private static JsonNode resolve(JsonNode root, JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        if (ref.isEmpty()) {
            return schema;
        }
        assertThat(ref).as("only local references, so each schema stands alone").startsWith("#/$defs/");
        return resolve(root, root.path("$defs").path(ref.substring("#/$defs/".length())));
    }

    private static List<String> names(JsonNode node) {
        return node.isArray() ? node.valueStream().map(JsonNode::asString).toList() : List.copyOf(node.propertyNames());
    }

    private static ObjectNode snapshot(String type) {
        try {
            return (ObjectNode)
                    JSON.readTree(Files.readAllBytes(Path.of("src/test/resources/snapshots", type + ".json")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
