package io.payrecon.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Events on {@link Topics#PROVIDER_OBSERVATIONS}: what the reconciler saw when it asked the provider itself. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = ProviderStatusObserved.class, name = EventTypes.PROVIDER_STATUS_OBSERVED)})
public sealed interface ProviderEvent extends IntegrationEvent permits ProviderStatusObserved {}
