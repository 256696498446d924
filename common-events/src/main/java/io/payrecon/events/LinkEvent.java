package io.payrecon.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** Events on {@link Topics#LINK_EVENTS}: the life of an order's payment links. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = PaymentLinkCreated.class, name = "payment-link.created"),
    @JsonSubTypes.Type(value = PaymentLinkRenewed.class, name = "payment-link.renewed"),
    @JsonSubTypes.Type(value = PaymentLinkExpired.class, name = "payment-link.expired")
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
