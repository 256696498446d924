package io.payrecon.gateway.webhook;

import io.payrecon.events.WebhookReceived;
import io.payrecon.requestclient.DeliveryIds;
import io.payrecon.requestclient.WebhookHeaders;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;

/**
 * One provider delivery as it arrived: the headers worth keeping and the raw body, and the {@code webhook.received}
 * event made of them. The body is kept byte for byte; only a few fields are read from it, with a streaming parser.
 */
final class WebhookDelivery {

    static final String CONTENT_TYPE = "content-type";

    /**
     * Limits for reading the body, far above anything the provider sends (its payloads nest three levels deep, its
     * ids and event names are short) and far below what could hurt: a body that breaks one is still archived, only
     * without {@code event} and {@code requestId}, like any body the gateway cannot read. The body itself is
     * already bounded by {@code gateway.max-body-size}; these bound the work and memory within it. Property names
     * are not canonicalised, so no body, not even an unverified one, adds to a table shared across requests.
     */
    static final StreamReadConstraints READ_LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(64)
            .maxStringLength(8 * 1024)
            .maxNameLength(1024)
            .maxNumberLength(100)
            .build();

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(READ_LIMITS)
            .disable(TokenStreamFactory.Feature.CANONICALIZE_PROPERTY_NAMES)
            .build();

    private final Map<String, String> headers;
    private final byte[] body;

    /** @param headers the provider's headers, names lower-cased, as {@link #providerHeaders} selects them */
    WebhookDelivery(Map<String, String> headers, byte[] body) {
        this.headers = Map.copyOf(headers);
        this.body = body;
    }

    /**
     * The headers the event keeps: every {@code x-request-network-*} header and {@code content-type}, names
     * lower-cased, the first value of a repeated header.
     */
    static Map<String, String> providerHeaders(Iterable<String> names, Function<String, String> valueOf) {
        Map<String, String> kept = new LinkedHashMap<>();
        for (String name : names) {
            String lowerCased = name.toLowerCase(Locale.ROOT);
            if (lowerCased.startsWith(WebhookHeaders.PREFIX) || lowerCased.equals(CONTENT_TYPE)) {
                String value = valueOf.apply(name);
                if (value != null) {
                    kept.putIfAbsent(lowerCased, value);
                }
            }
        }
        return kept;
    }

    /**
     * The provider's delivery id, the same on every retry of one delivery, made safe to store ({@link DeliveryIds}):
     * without one, an id derived from the body, so that re-sending the same bytes is still recognised as the same
     * delivery.
     */
    String deliveryId() {
        return DeliveryIds.of(headers.get(WebhookHeaders.DELIVERY), body);
    }

    /** The provider's attempt number, 0 when absent or not a number. */
    int retryCount() {
        String sent = headers.get(WebhookHeaders.RETRY_COUNT);
        if (sent == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(sent.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A delivery sent from the provider's dashboard or test endpoint: recorded, never applied to an order. */
    boolean test() {
        return "true"
                .equalsIgnoreCase(headers.getOrDefault(WebhookHeaders.TEST, "").strip());
    }

    WebhookReceived received(String secretId, Instant receivedAt) {
        Fields fields = Fields.read(body);
        return new WebhookReceived(
                UUID.randomUUID(),
                receivedAt,
                deliveryId(),
                fields.event(),
                fields.requestId(),
                test(),
                retryCount(),
                secretId,
                headers,
                body);
    }

    /**
     * What the gateway reads of a body: the event type and the request id ({@code requestId}, else the older
     * {@code requestID}), top-level strings only. Both null when the body is not one well-formed JSON object
     * within {@link #READ_LIMITS}. The body is read to its end (to tell a truncated or doubled body from a good
     * one) in one pass without recursion: nested values are skipped, not built.
     */
    record Fields(String event, String requestId) {

        static final Fields NONE = new Fields(null, null);

        static Fields read(byte[] body) {
            String event = null;
            String requestId = null;
            String legacyRequestId = null;
            try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return NONE;
                }
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    switch (name) {
                        case "event" -> event = stringOrSkip(parser, value);
                        case "requestId" -> requestId = stringOrSkip(parser, value);
                        case "requestID" -> legacyRequestId = stringOrSkip(parser, value);
                        default -> parser.skipChildren();
                    }
                }
                if (parser.nextToken() != null) {
                    return NONE; // more than one root value
                }
            } catch (JacksonException notJson) {
                return NONE;
            }
            return new Fields(event, requestId != null ? requestId : legacyRequestId);
        }

        /** The value when it is a non-blank string; anything else (skipped over) counts as absent. */
        private static String stringOrSkip(JsonParser parser, JsonToken value) {
            if (value == JsonToken.VALUE_STRING) {
                String text = parser.getString();
                return text.isBlank() ? null : text;
            }
            parser.skipChildren();
            return null;
        }
    }
}
