package io.payrecon.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The AsyncAPI document (docs/contract/asyncapi.yaml) describes the topics the code has: one channel per event topic,
 * the message types each topic carries, payloads that are the published schemas, and examples that conform to them.
 */
class AsyncApiDocumentTest {

    private static final Path CONTRACT = Path.of("..", "docs", "contract");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The message types each topic carries, from the code: the sealed families' subtypes. */
    private static final Map<String, List<String>> TYPES_BY_TOPIC = Map.of(
            Topics.LINK_EVENTS,
                    List.of(
                            EventTypes.PAYMENT_LINK_CREATED,
                            EventTypes.PAYMENT_LINK_RENEWED,
                            EventTypes.PAYMENT_LINK_EXPIRED),
            Topics.WEBHOOKS, List.of(EventTypes.WEBHOOK_RECEIVED),
            Topics.PROVIDER_OBSERVATIONS, List.of(EventTypes.PROVIDER_STATUS_OBSERVED),
            Topics.ORDER_PAYMENT_STATUS, List.of(EventTypes.ORDER_PAYMENT_STATUS_CHANGED),
            Topics.ORDER_PAYMENT_STATUS_LATEST, List.of(EventTypes.ORDER_PAYMENT_STATUS_CHANGED));

    private final JsonNode document = read();

    @Test
    void everyEventTopicIsAChannelCarryingItsTypes() {
        Map<String, List<String>> described = document.path("channels")
                .valueStream()
                .filter(channel -> !channel.path("address").asString().contains("{"))
                .collect(Collectors.toMap(
                        channel -> channel.path("address").asString(),
                        channel -> channel.path("messages")
                                .valueStream()
                                .map(message -> message(message).path("name").asString())
                                .toList()));

        assertThat(described).isEqualTo(TYPES_BY_TOPIC);
        assertThat(Topics.EVENT_TOPICS).containsExactlyInAnyOrderElementsOf(TYPES_BY_TOPIC.keySet());
    }

    @Test
    void deadLettersAreDescribedForTheTopicsThatHaveThemAndTheCompactedTopicAsTheCatalogueConfiguresIt() {
        JsonNode channels = document.path("channels");
        assertThat(channels.path("deadLetters")
                        .path("parameters")
                        .path("topic")
                        .path("enum")
                        .valueStream()
                        .map(JsonNode::asString))
                .containsExactlyInAnyOrderElementsOf(Topics.DEAD_LETTERED);

        JsonNode latest = channels.valueStream()
                .filter(channel -> channel.path("address").asString().equals(Topics.ORDER_PAYMENT_STATUS_LATEST))
                .findFirst()
                .orElseThrow()
                .path("bindings")
                .path("kafka")
                .path("topicConfiguration");
        assertThat(latest.path("cleanup.policy").valueStream().map(JsonNode::asString))
                .containsExactly(
                        Topics.configs(Topics.ORDER_PAYMENT_STATUS_LATEST).get("cleanup.policy"));
        assertThat(latest.path("retention.ms").asString())
                .isEqualTo(Topics.configs(Topics.ORDER_PAYMENT_STATUS_LATEST).get("retention.ms"));
    }

    @Test
    void everyPayloadIsThePublishedSchemaOfItsType() {
        document.path("components")
                .path("messages")
                .valueStream()
                .filter(message -> EventTypes.ALL.contains(message.path("name").asString()))
                .forEach(message -> {
                    String type = message.path("name").asString();
                    JsonNode payload = message.path("payload");
                    assertThat(payload.path("schemaFormat").asString())
                            .isEqualTo("application/schema+json;version=draft-2020-12");
                    assertThat(payload.path("schema").path("$ref").asString())
                            .isEqualTo("events/" + type + ".schema.json");
                    assertThat(Files.exists(CONTRACT.resolve("events/" + type + ".schema.json")))
                            .isTrue();
                });
        assertThat(document.path("components")
                        .path("messages")
                        .valueStream()
                        .map(message -> message.path("name").asString())
                        .filter(EventTypes.ALL::contains))
                .containsExactlyInAnyOrderElementsOf(EventTypes.ALL);
    }

    @Test
    void everyExampleConformsAndItsHeadersMatchItsPayload() {
        List<JsonNode> examples = document.path("components")
                .path("messages")
                .valueStream()
                .flatMap(message -> message.path("examples").valueStream())
                .toList();

        assertThat(document.path("components")
                        .path("messages")
                        .valueStream()
                        .filter(message -> !message.path("examples").isEmpty())
                        .map(message -> message.path("name").asString()))
                .as("event types with an example")
                .containsExactlyInAnyOrderElementsOf(EventTypes.ALL);
        for (JsonNode example : examples) {
            JsonNode payload = example.path("payload");
            EventSchemas.assertConforms(JSON.writeValueAsBytes(payload));
            JsonNode headers = example.path("headers");
            assertThat(headers.path("ce_id").asString())
                    .isEqualTo(payload.path("eventId").asString());
            assertThat(headers.path("ce_type").asString())
                    .isEqualTo(payload.path("type").asString());
            assertThat(headers.path("ce_time").asString())
                    .isEqualTo(payload.path("occurredAt").asString());
        }
    }

    @Test
    void theDocumentsVersionIsTheContractsAndNotOlderThanTheLastRelease() throws IOException {
        String version = document.path("info").path("version").asString();
        List<SchemaCompatibilityTest.Version> releases;
        try (Stream<Path> folders = Files.list(CONTRACT.resolve("released"))) {
            releases = folders.map(folder -> SchemaCompatibilityTest.Version.parse(
                            folder.getFileName().toString()))
                    .sorted()
                    .toList();
        }

        assertThat(document.path("asyncapi").asString()).isEqualTo("3.0.0");
        assertThat(SchemaCompatibilityTest.Version.parse(version)).isGreaterThanOrEqualTo(releases.getLast());
    }

    private JsonNode message(JsonNode reference) {
        String ref = reference.path("$ref").asString();
        assertThat(ref).startsWith("#/components/messages/");
        return document.path("components").path("messages").path(ref.substring("#/components/messages/".length()));
    }

    private static JsonNode read() {
        try {
            return YAMLMapper.builder().build().readTree(Files.readAllBytes(CONTRACT.resolve("asyncapi.yaml")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
