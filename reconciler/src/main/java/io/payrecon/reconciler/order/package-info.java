/**
 * Orders and their payment status: the transition table ({@link io.payrecon.reconciler.order.PaymentTransitions})
 * and the state it applies to ({@code Order}), plain Java; what provider events mean for it ({@code ProviderFacts});
 * the application service that applies link events, webhooks and provider observations one transaction per batch
 * ({@code OrderReconciliation}, with {@code OrderBatch}); their storage ({@code Orders}) and the read API.
 */
package io.payrecon.reconciler.order;
