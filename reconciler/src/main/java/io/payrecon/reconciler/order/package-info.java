/**
 * Orders and their payment status: the transition table ({@link io.payrecon.reconciler.order.PaymentTransitions})
 * and the state it applies to ({@code Order}), plain Java; what provider events mean for it ({@code ProviderFacts});
 * the application service that applies link events, webhooks and provider observations one transaction per batch
 * ({@code OrderReconciliation}, dispatching to one use case per topic, {@code LinkEventReconciliation},
 * {@code WebhookReconciliation} and {@code ObservationReconciliation}, which share {@code OrderBatch} and
 * {@code DeliveredPayments}); their storage ({@code Orders}) and the read API.
 */
package io.payrecon.reconciler.order;
