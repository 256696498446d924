package io.payrecon.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stable wire names of every event type. The {@link JsonSubTypes} of the topic interfaces name their subtypes
 * with these constants, so each name is written once; {@link #nameOf} reads the class-to-name mapping back from them.
 */
public final class EventTypes {

    public static final String PAYMENT_LINK_CREATED = "payment-link.created";
    public static final String PAYMENT_LINK_RENEWED = "payment-link.renewed";
    public static final String PAYMENT_LINK_EXPIRED = "payment-link.expired";
    public static final String WEBHOOK_RECEIVED = "webhook.received";
    public static final String PROVIDER_STATUS_OBSERVED = "provider.status-observed";
    public static final String ORDER_PAYMENT_STATUS_CHANGED = "order.payment-status-changed";

    /** Every type name, in the order of the catalogue; each has a published schema (docs/contract/events). */
    public static final List<String> ALL = List.of(
            PAYMENT_LINK_CREATED,
            PAYMENT_LINK_RENEWED,
            PAYMENT_LINK_EXPIRED,
            WEBHOOK_RECEIVED,
            PROVIDER_STATUS_OBSERVED,
            ORDER_PAYMENT_STATUS_CHANGED);

    private static final Map<Class<?>, String> NAMES = new HashMap<>();

    static {
        for (Class<?> topicType :
                List.of(LinkEvent.class, WebhookEvent.class, ProviderEvent.class, OrderStatusEvent.class)) {
            for (JsonSubTypes.Type subtype :
                    topicType.getAnnotation(JsonSubTypes.class).value()) {
                NAMES.put(subtype.value(), subtype.name());
            }
        }
    }

    private EventTypes() {}

    /** The wire name of an event class, such as {@code payment-link.created}. */
    public static String nameOf(Class<?> eventClass) {
        String name = NAMES.get(eventClass);
        if (name == null) {
            throw new IllegalArgumentException(eventClass.getName() + " is not an integration event");
        }
        return name;
    }
}
