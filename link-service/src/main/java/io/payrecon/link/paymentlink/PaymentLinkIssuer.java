package io.payrecon.link.paymentlink;

import io.payrecon.events.PaymentLinkCreated;
import io.payrecon.events.Topics;
import io.payrecon.link.LinkProperties;
import io.payrecon.link.provider.PaymentProvider;
import io.payrecon.link.provider.ProviderPermits;
import io.payrecon.outbox.Outbox;
import io.payrecon.requestclient.SecurePaymentCreated;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives an order its payment link: creates it at the provider the first time, answers the existing one when the same
 * order is asked for again.
 *
 * <p>The provider has no idempotency key, so double submits are stopped here: the order's row is claimed (inserted,
 * or locked when it exists) before the provider is called, and the link, the order and the
 * {@code payment-link.created} event are committed in that same transaction. A concurrent request for the order
 * waits for the row and then finds the link. The price is a database connection held during the provider call
 * (bounded by {@code request.timeout}), by this request and by those waiting for the row; {@link ProviderPermits}
 * bounds how many such transactions run at once, so they cannot take every connection of the pool. If the call
 * fails, nothing is stored and the request can be retried.
 */
@Service
class PaymentLinkIssuer {

    private static final Logger log = LoggerFactory.getLogger(PaymentLinkIssuer.class);

    private final PaymentLinks links;
    private final PaymentProvider provider;
    private final ProviderPermits permits;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final LinkProperties properties;
    private final Clock clock;

    PaymentLinkIssuer(
            PaymentLinks links,
            PaymentProvider provider,
            ProviderPermits permits,
            Outbox outbox,
            TransactionTemplate transactions,
            LinkProperties properties,
            Clock clock) {
        this.links = links;
        this.provider = provider;
        this.permits = permits;
        this.outbox = outbox;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /** The link and whether this call created it. */
    record Issued(PaymentLink link, boolean created) {}

    /**
     * @throws ConflictingOrderException when the order exists with another amount or payment target
     * @throws io.payrecon.requestclient.ProviderException when the provider did not create the link; nothing was
     *     stored
     * @throws io.payrecon.link.provider.ProviderRateLimitedException when the provider is rate limiting us, or
     *     {@link io.payrecon.link.provider.ProviderUnavailableException} when it timed out or could not be reached a
     *     moment ago; nothing was stored
     * @throws io.payrecon.link.provider.ProviderBusyException when too many provider calls are in progress; nothing
     *     was stored
     */
    Issued issue(LinkOrder order) {
        return permits.run("the link of order " + order.orderId(), () -> issueInTransaction(order));
    }

    private Issued issueInTransaction(LinkOrder order) {
        return transactions.execute(status -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            if (!links.claim(order, now)) {
                return existing(order);
            }
            SecurePaymentCreated created;
            try {
                created = provider.create(order.toProviderRequest());
            } catch (RuntimeException e) {
                log.warn("Order {}: provider did not create a link: {}", order.orderId(), e.getMessage());
                throw e;
            }
            PaymentLink link = new PaymentLink(
                    created.token(),
                    order.orderId(),
                    created.securePaymentUrl(),
                    created.requestIds(),
                    order.amount(),
                    created.feePlan() == null ? null : created.feePlan().toString(),
                    PaymentLink.Status.ACTIVE,
                    now,
                    now.plus(properties.expiry()),
                    null,
                    null);
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
        });
    }

    private Issued existing(LinkOrder order) {
        LinkOrder stored = links.lockOrder(order.orderId())
                .orElseThrow(() -> new IllegalStateException("Order " + order.orderId() + " vanished while locked"));
        List<String> differences = order.differencesFrom(stored);
        if (!differences.isEmpty()) {
            throw new ConflictingOrderException(order.orderId(), differences);
        }
        PaymentLink link = links.current(order.orderId())
                .orElseThrow(() -> new IllegalStateException("Order " + order.orderId() + " has no link"));
        log.info("Order {} asked again: answering its current link {}", order.orderId(), link.token());
        return new Issued(link, false);
    }

    /** The order already has a link for another amount or payment target. */
    static final class ConflictingOrderException extends RuntimeException {
        private final String orderId;
        private final List<String> differences;

        ConflictingOrderException(String orderId, List<String> differences) {
            super("Order " + orderId + " already has a payment link; this request asks for "
                    + String.join(", ", differences));
            this.orderId = orderId;
            this.differences = List.copyOf(differences);
        }

        String orderId() {
            return orderId;
        }

        List<String> differences() {
            return differences;
        }
    }
}
