package io.payrecon.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Events on {@link Topics#ORDER_PAYMENT_STATUS}: what downstream order systems consume. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = OrderPaymentStatusChanged.class, name = EventTypes.ORDER_PAYMENT_STATUS_CHANGED)
})
public sealed interface OrderStatusEvent extends IntegrationEvent permits OrderPaymentStatusChanged {}
