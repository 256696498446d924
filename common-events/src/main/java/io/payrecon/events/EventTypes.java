package io.payrecon.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The stable wire names of every event type, read from the {@link JsonSubTypes} of the topic interfaces. */
public final class EventTypes {

    public static final String PAYMENT_LINK_CREATED = "payment-link.created";
    public static final String PAYMENT_LINK_RENEWED = "payment-link.renewed";
    public static final String PAYMENT_LINK_EXPIRED = "payment-link.expired";
    public static final String WEBHOOK_RECEIVED = "webhook.received";
    public static final String PROVIDER_STATUS_OBSERVED = "provider.status-observed";
    public static final String ORDER_PAYMENT_STATUS_CHANGED = "order.payment-status-changed";

    private static final Map<Class<?>, String> NAMES = new HashMap<>();
    private static final Map<String, Class<? extends IntegrationEvent>> TOPIC_TYPES = Map.of(
            Topics.LINK_EVENTS, LinkEvent.class,
            Topics.WEBHOOKS, WebhookEvent.class,
            Topics.PROVIDER_OBSERVATIONS, ProviderEvent.class,
            Topics.ORDER_PAYMENT_STATUS, OrderStatusEvent.class);

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

    /** The sealed interface of the events carried by a topic, to read any record of it. */
    public static Class<? extends IntegrationEvent> carriedBy(String topic) {
        Class<? extends IntegrationEvent> type = TOPIC_TYPES.get(topic);
        if (type == null) {
            throw new IllegalArgumentException("No events are defined for topic " + topic);
        }
        return type;
    }
}
