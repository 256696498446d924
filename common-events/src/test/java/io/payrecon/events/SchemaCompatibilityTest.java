package io.payrecon.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The current schemas against the last released ones (docs/contract/released/&lt;version&gt;): a breaking change
 * fails here and needs a new event type on a v2 topic instead (docs/consumers.md, "Evolution policy").
 */
class SchemaCompatibilityTest {

    private static final Path CONTRACT = Path.of("..", "docs", "contract");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Stream<String> releasedTypes() throws IOException {
        try (Stream<Path> files = Files.list(lastRelease().resolve("events"))) {
            return files
                    .map(file -> file.getFileName().toString().replace(".schema.json", ""))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releasedTypes")
    void theCurrentSchemaIsCompatibleWithTheLastReleasedOne(String type) {
        assertThat(SchemaCompatibility.breakingChanges(released(type), current(type)))
                .as(
                        "breaking changes of %s since release %s",
                        type, lastRelease().getFileName())
                .isEmpty();
    }

    @Test
    void everyReleasedEventTypeIsStillPublished() throws IOException {
        assertThat(EventTypes.ALL).containsAll(releasedTypes().toList());
    }

    @Test
    void addingAnOptionalPropertyOrAStatusIsCompatible() {
        ObjectNode current = current(EventTypes.ORDER_PAYMENT_STATUS_CHANGED);
        ((ObjectNode) current.path("properties")).putObject("settledAt").put("type", "string");
        enumOf(current, "paymentStatus").add("CHARGED_BACK");

        assertThat(SchemaCompatibility.breakingChanges(released(EventTypes.ORDER_PAYMENT_STATUS_CHANGED), current))
                .isEmpty();
    }

    @Test
    void removingRetypingOrRequiringAFieldIsBreaking() {
        String type = EventTypes.ORDER_PAYMENT_STATUS_CHANGED;
        ObjectNode removed = current(type);
        ((ObjectNode) removed.path("properties")).remove("currency");
        ObjectNode retyped = current(type);
        ((ObjectNode) retyped.path("properties")).putObject("sequence").put("type", "string");
        ObjectNode nullable = current(type);
        ((ObjectNode) nullable.path("$defs").path("amount"))
                .putArray("type")
                .add("string")
                .add("null");
        ObjectNode required = current(type);
        ((ArrayNode) required.path("required")).add("refundedAmount");
        ObjectNode statusRemoved = current(type);
        ArrayNode statuses = enumOf(statusRemoved, "paymentStatus");
        statuses.remove(statuses.size() - 1);
        ObjectNode pattern = current(type);
        ((ObjectNode) pattern.path("$defs").path("amount")).put("pattern", "^[0-9]+$");
        ObjectNode nested = current(type);
        ((ObjectNode) nested.path("properties").path("cause").path("properties")).remove("deliveryId");

        assertThat(SchemaCompatibility.breakingChanges(released(type), removed)).containsExactly("$.currency: removed");
        assertThat(SchemaCompatibility.breakingChanges(released(type), retyped))
                .containsExactly("$.sequence: type [integer] became [string]", "$.sequence: minimum 1 became null");
        assertThat(SchemaCompatibility.breakingChanges(released(type), nullable))
                .contains("$.expectedAmount: type [string] became [null, string]");
        assertThat(SchemaCompatibility.breakingChanges(released(type), required))
                .singleElement()
                .satisfies(change -> assertThat(change).startsWith("$: required"));
        assertThat(SchemaCompatibility.breakingChanges(released(type), statusRemoved))
                .contains("$.status: values [REFUNDED] removed");
        assertThat(SchemaCompatibility.breakingChanges(released(type), pattern))
                .contains("$.paidAmount: pattern \"^[0-9]+(\\\\.[0-9]+)?$\" became \"^[0-9]+$\"");
        assertThat(SchemaCompatibility.breakingChanges(released(type), nested))
                .containsExactly("$.cause.deliveryId: removed");
    }

    private static ArrayNode enumOf(ObjectNode schema, String definition) {
        return (ArrayNode)
                schema.path("$defs").path(definition).path("anyOf").path(0).path("enum");
    }

    /** The newest folder of docs/contract/released, by version number. */
    private static Path lastRelease() {
        try (Stream<Path> releases = Files.list(CONTRACT.resolve("released"))) {
            return releases.max(Comparator.comparing(
                            release -> Version.parse(release.getFileName().toString())))
                    .orElseThrow(() -> new AssertionError("No release in " + CONTRACT.resolve("released")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode released(String type) {
        return read(lastRelease().resolve("events").resolve(type + ".schema.json"));
    }

    private static ObjectNode current(String type) {
        return (ObjectNode) read(CONTRACT.resolve("events").resolve(type + ".schema.json"));
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A release's version, such as 1.0.0, compared number by number. */
    record Version(List<Integer> parts) implements Comparable<Version> {

        static Version parse(String text) {
            return new Version(
                    Stream.of(text.split("\\.")).map(Integer::valueOf).toList());
        }

        @Override
        public int compareTo(Version other) {
            for (int i = 0; i < Math.max(parts.size(), other.parts.size()); i++) {
                int difference = Integer.compare(
                        i < parts.size() ? parts.get(i) : 0, i < other.parts.size() ? other.parts.get(i) : 0);
                if (difference != 0) {
                    return difference;
                }
            }
            return 0;
        }
    }
}
