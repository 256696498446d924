package io.payrecon.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Events on {@link Topics#WEBHOOKS}: the archive of every provider delivery we acknowledged. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = WebhookReceived.class, name = EventTypes.WEBHOOK_RECEIVED)})
public sealed interface WebhookEvent extends IntegrationEvent permits WebhookReceived {}
