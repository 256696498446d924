package io.payrecon.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** Events on {@link Topics#LINK_EVENTS}: the life of an order's payment links. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = PaymentLinkCreated.class, name = EventTypes.PAYMENT_LINK_CREATED),
    @JsonSubTypes.Type(value = PaymentLinkRenewed.class, name = EventTypes.PAYMENT_LINK_RENEWED),
    @JsonSubTypes.Type(value = PaymentLinkExpired.class, name = EventTypes.PAYMENT_LINK_EXPIRED)
})
public sealed interface LinkEvent extends IntegrationEvent
        permits PaymentLinkCreated, PaymentLinkRenewed, PaymentLinkExpired {

    String orderId();

    String token();

    List<String> requestIds();

    @Override
    default String key() {
        return orderId();
    }
}
