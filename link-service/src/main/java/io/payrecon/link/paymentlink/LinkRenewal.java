package io.payrecon.link.paymentlink;

import io.payrecon.events.PaymentLinkExpired;
import io.payrecon.events.PaymentLinkRenewed;
import io.payrecon.events.PaymentStatus;
import io.payrecon.events.Topics;
import io.payrecon.link.LinkProperties;
import io.payrecon.link.paymentstatus.KnownPaymentStatus;
import io.payrecon.link.paymentstatus.PaymentStatuses;
import io.payrecon.link.provider.PaymentProvider;
import io.payrecon.outbox.Outbox;
import io.payrecon.requestclient.ProviderException;
import io.payrecon.requestclient.SecurePaymentCreated;
import io.payrecon.requestclient.SecurePaymentLookup;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides where a payer goes, and renews an expired link on the way (request-network-api.md §6: an expired link is
 * replaced by a new one; an order that is already paid gets no new link).
 *
 * <p>Paid means: the last {@code order.payment-status-changed} consumed for the order is {@code PAID} or
 * {@code REFUNDED}, or the provider answered 409 "already completed" for the order's link (looked up before renewing)
 * or for the renewal itself. A partly paid order's new link asks only for the rest: expected minus paid.
 *
 * <p>Renewal runs with the order's row locked, the same lock creation takes, so concurrent {@code /pay} requests for
 * one order make one new link: the others wait, then find it payable. In that transaction the previous link is
 * marked expired ({@code payment-link.expired}, unless the sweep announced it already) before
 * {@code payment-link.renewed} is appended, so consumers see the old link end before the new one starts.
 */
@Service
class LinkRenewal {

    private static final Logger log = LoggerFactory.getLogger(LinkRenewal.class);

    private final PaymentLinks links;
    private final PaymentStatuses statuses;
    private final PaymentProvider provider;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final LinkProperties properties;
    private final Clock clock;

    LinkRenewal(
            PaymentLinks links,
            PaymentStatuses statuses,
            PaymentProvider provider,
            Outbox outbox,
            TransactionTemplate transactions,
            LinkProperties properties,
            Clock clock) {
        this.links = links;
        this.statuses = statuses;
        this.provider = provider;
        this.outbox = outbox;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * @throws UnknownOrderException when the order has no link
     * @throws ProviderException or {@link io.payrecon.link.provider.ProviderRateLimitedException} when a needed
     *     renewal failed at the provider; nothing changed
     */
    PayerDestination destinationFor(String orderId) {
        PaymentLink current = links.current(orderId).orElseThrow(() -> new UnknownOrderException(orderId));
        Optional<KnownPaymentStatus> known = statuses.find(orderId);
        Optional<PayerDestination.Paid> paid = paid(orderId, known);
        if (paid.isPresent()) {
            return paid.get();
        }
        if (current.isPayableAt(clock.instant())) {
            return new PayerDestination.Link(current);
        }
        return transactions.execute(status -> renew(orderId));
    }

    private PayerDestination renew(String orderId) {
        LinkOrder order = links.lockOrder(orderId).orElseThrow(() -> new UnknownOrderException(orderId));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        PaymentLink current = links.current(orderId).orElseThrow(() -> new UnknownOrderException(orderId));
        Optional<KnownPaymentStatus> known = statuses.find(orderId);
        Optional<PayerDestination.Paid> paid = paid(orderId, known);
        if (paid.isPresent()) {
            return paid.get();
        }
        if (current.isPayableAt(now)) {
            log.debug("Order {}: renewed by a concurrent request to {}", orderId, current.token());
            return new PayerDestination.Link(current);
        }
        SecurePaymentLookup.Outcome outcome = lookUp(current);
        if (outcome == SecurePaymentLookup.Outcome.COMPLETED) {
            return providerSaysCompleted(orderId, current.token(), now);
        }
        if (outcome == SecurePaymentLookup.Outcome.IN_PROGRESS) {
            log.info(
                    "Order {}: a payment of expired link {} is in progress: payer sent there",
                    orderId,
                    current.token());
            return new PayerDestination.Link(current);
        }
        BigDecimal paidAmount = known.map(KnownPaymentStatus::paidAmount).orElse(BigDecimal.ZERO);
        BigDecimal remaining = order.amount().subtract(paidAmount);
        if (remaining.signum() <= 0) {
            log.info("Order {}: {} of {} paid, nothing left to renew for", orderId, paidAmount, order.amount());
            return new PayerDestination.Paid(
                    orderId,
                    known.map(KnownPaymentStatus::status).orElse(PaymentStatus.PAID),
                    paidAmount,
                    PayerDestination.Paid.FROM_ORDER_STATUS);
        }
        SecurePaymentCreated created;
        try {
            created = provider.create(order.toProviderRequest(remaining));
        } catch (ProviderException e) {
            if (e.kind() == ProviderException.Kind.HTTP_STATUS && e.status() == 409) {
                return providerSaysCompleted(orderId, current.token(), now);
            }
            log.warn(
                    "Order {}: provider did not create the renewal of {}: {}",
                    orderId,
                    current.token(),
                    e.getMessage());
            throw e;
        }
        if (links.expire(current.token(), now)) {
            PaymentLinkExpired expired = new PaymentLinkExpired(
                    UUID.randomUUID(), now, orderId, current.token(), current.requestIds(), current.expiresAt());
            outbox.append(Topics.LINK_EVENTS, expired);
            log.info(
                    "Order {} link {} expired at {} (event {})",
                    orderId,
                    current.token(),
                    current.expiresAt(),
                    expired.eventId());
        }
        PaymentLink renewed = new PaymentLink(
                created.token(),
                orderId,
                created.securePaymentUrl(),
                created.requestIds(),
                remaining,
                created.feePlan() == null ? null : created.feePlan().toString(),
                PaymentLink.Status.ACTIVE,
                now,
                now.plus(properties.expiry()),
                current.token(),
                null);
        links.addAsCurrent(renewed);
        PaymentLinkRenewed event = new PaymentLinkRenewed(
                UUID.randomUUID(),
                now,
                orderId,
                renewed.token(),
                current.token(),
                renewed.requestIds(),
                remaining,
                order.amount(),
                order.currency(),
                renewed.securePaymentUrl(),
                renewed.createdAt(),
                renewed.expiresAt());
        outbox.append(Topics.LINK_EVENTS, event);
        log.info(
                "Order {} link {} renewed as {} for {} of {} with requests {} (event {})",
                orderId,
                current.token(),
                renewed.token(),
                remaining.toPlainString(),
                order.amount().toPlainString(),
                renewed.requestIds(),
                event.eventId());
        return new PayerDestination.Link(renewed);
    }

    private Optional<PayerDestination.Paid> paid(String orderId, Optional<KnownPaymentStatus> known) {
        if (known.isPresent() && known.get().settled()) {
            return Optional.of(new PayerDestination.Paid(
                    orderId, known.get().status(), known.get().paidAmount(), PayerDestination.Paid.FROM_ORDER_STATUS));
        }
        return links.providerCompletedAt(orderId)
                .map(completed -> new PayerDestination.Paid(
                        orderId,
                        PaymentStatus.PAID,
                        known.map(KnownPaymentStatus::paidAmount).orElse(null),
                        PayerDestination.Paid.FROM_PROVIDER));
    }

    /**
     * Asks the provider about the expired link before replacing it: a payment may have completed that the
     * reconciler has not reported yet. A failed connection or timeout is rethrown (a create would fail the same way);
     * any other failure (e.g. our credential may not read links) leaves the decision to the known status.
     */
    private SecurePaymentLookup.Outcome lookUp(PaymentLink link) {
        try {
            return provider.lookUp(link.token()).outcome();
        } catch (ProviderException e) {
            if (e.kind() == ProviderException.Kind.TIMEOUT || e.kind() == ProviderException.Kind.CONNECTION_FAILED) {
                throw e;
            }
            log.warn(
                    "Order {}: could not look up expired link {} ({}); renewing on the known payment status",
                    link.orderId(),
                    link.token(),
                    e.getMessage());
            return null;
        }
    }

    private PayerDestination.Paid providerSaysCompleted(String orderId, String token, Instant now) {
        links.markProviderCompleted(orderId, now);
        log.info("Order {}: the provider reports link {} already completed: the order is paid", orderId, token);
        return new PayerDestination.Paid(orderId, PaymentStatus.PAID, null, PayerDestination.Paid.FROM_PROVIDER);
    }
}
