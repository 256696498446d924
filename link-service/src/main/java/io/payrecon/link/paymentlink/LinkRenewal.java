package io.payrecon.link.paymentlink;

import io.payrecon.events.PaymentLinkExpired;
import io.payrecon.events.PaymentLinkRenewed;
import io.payrecon.events.PaymentStatus;
import io.payrecon.events.Topics;
import io.payrecon.link.LinkProperties;
import io.payrecon.link.paymentstatus.KnownPaymentStatus;
import io.payrecon.link.paymentstatus.PaymentStatuses;
import io.payrecon.link.provider.PaymentProvider;
import io.payrecon.link.provider.ProviderPermits;
import io.payrecon.outbox.Outbox;
import io.payrecon.requestclient.RequestStatus;
import io.payrecon.requestclient.SecurePaymentCreated;
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
 * {@code REFUNDED}, or the provider said so for the order's link: before renewing, each request of the expired link
 * is read with {@code GET /v2/request/{requestId}} (accepted with our API key, unlike
 * {@code GET /v2/secure-payments/{token}}, which needs a client id). Every request {@code hasBeenPaid} (or their
 * {@code paidAmount} covers the link) makes the order paid; a part paid there that the reconciler has not reported
 * yet is deducted from the new link. When the provider cannot answer, no new link is made (a 5xx, 401, timeout … is
 * the caller's problem, and it may retry): a second link for an order that may be paid risks a double payment.
 * A partly paid order's new link asks only for the rest.
 *
 * <p>Renewal runs with the order's row locked, the same lock creation takes, so concurrent {@code /pay} requests for
 * one order make one new link: the others wait, then find it payable. It holds a {@link ProviderPermits} place
 * meanwhile, so a slow provider cannot take every database connection. In that transaction the previous link is
 * marked expired ({@code payment-link.expired}, unless the sweep announced it already) before
 * {@code payment-link.renewed} is appended, so consumers see the old link end before the new one starts.
 */
@Service
class LinkRenewal {

    private static final Logger log = LoggerFactory.getLogger(LinkRenewal.class);

    private final PaymentLinks links;
    private final PaymentStatuses statuses;
    private final PaymentProvider provider;
    private final ProviderPermits permits;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final LinkProperties properties;
    private final Clock clock;

    LinkRenewal(
            PaymentLinks links,
            PaymentStatuses statuses,
            PaymentProvider provider,
            ProviderPermits permits,
            Outbox outbox,
            TransactionTemplate transactions,
            LinkProperties properties,
            Clock clock) {
        this.links = links;
        this.statuses = statuses;
        this.provider = provider;
        this.permits = permits;
        this.outbox = outbox;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * @throws UnknownOrderException when the order has no link
     * @throws io.payrecon.requestclient.ProviderException, {@link io.payrecon.link.provider.ProviderRateLimitedException}
     *     or {@link io.payrecon.link.provider.ProviderUnavailableException} when a needed renewal (or the check that
     *     the expired link is unpaid) failed at the provider; nothing changed
     * @throws io.payrecon.link.provider.ProviderBusyException when too many provider calls are in progress
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
        return permits.run(
                "renewing the link of order " + orderId, () -> transactions.execute(status -> renew(orderId)));
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
        PaidAtProvider atProvider = paidAtProvider(current);
        if (atProvider.completed()) {
            return providerSaysCompleted(orderId, current.token(), now);
        }
        BigDecimal paidAmount = known.map(KnownPaymentStatus::paidAmount).orElse(BigDecimal.ZERO);
        // The reconciler's count covers every link of the order; the provider's covers the expired link, up to now.
        BigDecimal remaining =
                order.amount().subtract(paidAmount).min(current.amount().subtract(atProvider.paidAmount()));
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
        } catch (RuntimeException e) {
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

    /** What the provider reports paid to one link's requests. */
    private record PaidAtProvider(boolean completed, BigDecimal paidAmount) {}

    /**
     * Asks the provider about each request of the expired link before replacing it: a payment may have completed
     * that the reconciler has not reported yet. Any failure is rethrown: without the answer the link may be paid, and
     * a second link could be paid too.
     */
    private PaidAtProvider paidAtProvider(PaymentLink link) {
        boolean allPaid = true;
        BigDecimal paid = BigDecimal.ZERO;
        for (String requestId : link.requestIds()) {
            Optional<RequestStatus> found = provider.findRequest(requestId);
            if (found.isEmpty()) {
                log.warn(
                        "Order {}: the provider does not know request {} of link {}: counted as unpaid",
                        link.orderId(),
                        requestId,
                        link.token());
                allPaid = false;
                continue;
            }
            RequestStatus request = found.get();
            allPaid &= request.hasBeenPaid();
            if (request.paidAmount() != null) {
                paid = paid.add(request.paidAmount());
            }
        }
        boolean completed = allPaid || paid.compareTo(link.amount()) >= 0;
        log.info(
                "Order {}: link {} has {} paid of {} at the provider{}",
                link.orderId(),
                link.token(),
                paid.toPlainString(),
                link.amount().toPlainString(),
                completed ? ": completed" : "");
        return new PaidAtProvider(completed, paid);
    }

    private PayerDestination.Paid providerSaysCompleted(String orderId, String token, Instant now) {
        links.markProviderCompleted(orderId, now);
        log.info("Order {}: the provider reports link {} paid: the order is paid", orderId, token);
        return new PayerDestination.Paid(orderId, PaymentStatus.PAID, null, PayerDestination.Paid.FROM_PROVIDER);
    }
}
