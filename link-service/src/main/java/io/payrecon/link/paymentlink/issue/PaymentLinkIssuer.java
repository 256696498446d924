package io.payrecon.link.paymentlink.issue;

import io.payrecon.events.PaymentLinkCreated;
import io.payrecon.events.Topics;
import io.payrecon.link.LinkProperties;
import io.payrecon.link.paymentlink.LinkOrder;
import io.payrecon.link.paymentlink.OrderClaim;
import io.payrecon.link.paymentlink.OrderClaims;
import io.payrecon.link.paymentlink.PaymentLink;
import io.payrecon.link.paymentlink.PaymentLinks;
import io.payrecon.link.paymentlink.PaymentOrders;
import io.payrecon.link.provider.PaymentProvider;
import io.payrecon.outbox.Outbox;
import io.payrecon.requestclient.SecurePaymentCreated;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Gives an order its payment link: creates it at the provider the first time, answers the existing one when the same
 * order is asked for again.
 *
 * <p>The provider has no idempotency key, so double submits are stopped here, by the order's claim
 * ({@link OrderClaims}): a short transaction stores the order with a claim on it, the provider is called with no
 * transaction or connection held, and a second short transaction stores the link and its
 * {@code payment-link.created} event. A concurrent request for the order waits until the claim is cleared and then
 * answers the stored link. If the call fails, the order is forgotten again (nothing is stored) and the request can
 * be retried.
 */
@Service
public class PaymentLinkIssuer {

    private static final Logger log = LoggerFactory.getLogger(PaymentLinkIssuer.class);

    private final PaymentOrders orders;
    private final PaymentLinks links;
    private final PaymentProvider provider;
    private final OrderClaims claims;
    private final Outbox outbox;
    private final LinkProperties properties;

    PaymentLinkIssuer(
            PaymentOrders orders,
            PaymentLinks links,
            PaymentProvider provider,
            OrderClaims claims,
            Outbox outbox,
            LinkProperties properties) {
        this.orders = orders;
        this.links = links;
        this.provider = provider;
        this.claims = claims;
        this.outbox = outbox;
        this.properties = properties;
    }

    /** The link and whether this call created it. */
    public record Issued(PaymentLink link, boolean created) {}

    /**
     * @throws ConflictingOrderException when the order exists with another amount or payment target
     * @throws io.payrecon.requestclient.ProviderException when the provider did not create the link; nothing was
     *     stored
     * @throws io.payrecon.link.provider.ProviderRateLimitedException when the provider is rate limiting us, or
     *     {@link io.payrecon.link.provider.ProviderUnavailableException} when it timed out or could not be reached a
     *     moment ago; nothing was stored
     * @throws io.payrecon.link.provider.ProviderBusyException when too many provider calls are in progress; nothing
     *     was stored
     * @throws OrderClaims.OrderBusyException when another request for the order did not finish within a lease
     */
    public Issued issue(LinkOrder order) {
        return claims.run(order.orderId(), "the link of order " + order.orderId(), new Creation(order));
    }

    /** The first link of an order. */
    private final class Creation implements OrderClaims.Work<LinkOrder, SecurePaymentCreated, Issued> {

        private final LinkOrder requested;

        Creation(LinkOrder requested) {
            this.requested = requested;
        }

        @Override
        public OrderClaims.Step<LinkOrder, Issued> claim(OrderClaim claim) {
            String orderId = requested.orderId();
            if (orders.claimNew(requested, claim)) {
                return new OrderClaims.Step.Claimed<>(requested);
            }
            Optional<LinkOrder> found = orders.lockOrder(orderId);
            if (found.isEmpty()) {
                // A failed create forgot it between our insert and our look: try again at once.
                return new OrderClaims.Step.Held<>(claim.now());
            }
            LinkOrder stored = found.get();
            List<String> differences = requested.differencesFrom(stored);
            if (!differences.isEmpty()) {
                throw new ConflictingOrderException(orderId, differences);
            }
            Optional<PaymentLink> current = links.current(orderId);
            if (current.isPresent()) {
                log.info(
                        "Order {} asked again: answering its current link {}",
                        orderId,
                        current.get().token());
                return new OrderClaims.Step.Done<>(new Issued(current.get(), false));
            }
            Optional<Instant> heldUntil = orders.claimedUntil(orderId);
            if (orders.claimExisting(orderId, claim)) {
                log.warn(
                        "Order {}: taking over a create whose claim ran out at {} (its instance crashed or stalled); "
                                + "calling the provider again",
                        orderId,
                        heldUntil.orElse(null));
                return new OrderClaims.Step.Claimed<>(stored);
            }
            return new OrderClaims.Step.Held<>(heldUntil.orElse(claim.now()));
        }

        @Override
        public SecurePaymentCreated callProvider(LinkOrder order) {
            try {
                return provider.create(order.toProviderRequest());
            } catch (RuntimeException e) {
                log.warn("Order {}: provider did not create a link: {}", order.orderId(), e.getMessage());
                throw e;
            }
        }

        @Override
        public Issued store(LinkOrder order, SecurePaymentCreated created, Instant now) {
            PaymentLink link =
                    PaymentLink.made(created, order.orderId(), order.amount(), now, properties.expiry(), null);
            links.addAsCurrent(link);
            PaymentLinkCreated event = new PaymentLinkCreated(
                    UUID.randomUUID(),
                    now,
                    order.orderId(),
                    link.token(),
                    link.requestIds(),
                    link.amount(),
                    order.currency(),
                    order.reference(),
                    link.securePaymentUrl(),
                    link.createdAt(),
                    link.expiresAt());
            outbox.append(Topics.LINK_EVENTS, event);
            log.info(
                    "Order {} link {} created for {} with requests {} (event {})",
                    order.orderId(),
                    link.token(),
                    link.amount().toPlainString(),
                    link.requestIds(),
                    event.eventId());
            return new Issued(link, true);
        }
    }

    /** The order already has a link for another amount or payment target. */
    public static final class ConflictingOrderException extends RuntimeException {
        private final String orderId;
        private final List<String> differences;

        ConflictingOrderException(String orderId, List<String> differences) {
            super("Order " + orderId + " already has a payment link; this request asks for "
                    + String.join(", ", differences));
            this.orderId = orderId;
            this.differences = List.copyOf(differences);
        }

        public String orderId() {
            return orderId;
        }

        public List<String> differences() {
            return differences;
        }
    }
}
