package io.payrecon.link.paymentlink;

import java.time.Instant;
import java.util.UUID;

/**
 * A claim on an order while its provider call runs ({@link OrderClaims}): its id, the time it is taken at and when its
 * lease runs out. {@link PaymentOrders} stores it on the order's row.
 */
public record OrderClaim(UUID id, Instant now, Instant until) {}
