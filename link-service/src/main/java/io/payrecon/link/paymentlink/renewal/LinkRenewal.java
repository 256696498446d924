package io.payrecon.link.paymentlink.renewal;

import io.payrecon.events.PaymentLinkExpired;
import io.payrecon.events.PaymentLinkRenewed;
import io.payrecon.events.PaymentStatus;
import io.payrecon.events.Topics;
import io.payrecon.link.LinkProperties;
import io.payrecon.link.paymentlink.LinkOrder;
import io.payrecon.link.paymentlink.OrderClaim;
import io.payrecon.link.paymentlink.OrderClaims;
import io.payrecon.link.paymentlink.PaymentLink;
import io.payrecon.link.paymentlink.PaymentLinks;
import io.payrecon.link.paymentlink.PaymentOrders;
import io.payrecon.link.paymentlink.UnknownOrderException;
import io.payrecon.link.paymentstatus.KnownPaymentStatus;
import io.payrecon.link.paymentstatus.PaymentStatuses;
import io.payrecon.link.provider.PaymentProvider;
import io.payrecon.outbox.Outbox;
import io.payrecon.requestclient.RequestStatus;
import io.payrecon.requestclient.SecurePaymentCreated;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

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
 * <p>Renewal takes the order's claim ({@link OrderClaims}), as creation does, so concurrent {@code /pay} requests for
 * one order make one new link: the others wait for the claim, then find the new link payable. The provider calls run
 * outside any transaction. In the storing transaction the previous link is marked expired
 * ({@code payment-link.expired}, unless the sweep announced it already) before {@code payment-link.renewed} is
 * appended, so consumers see the old link end before the new one starts; if the order was reported paid while the
 * provider made the new link, that link is not stored (an orphan nobody is sent to) and the payer is told it is paid.
 */
@Service
public class LinkRenewal {

    private static final Logger log = LoggerFactory.getLogger(LinkRenewal.class);

    private final PaymentOrders orders;
    private final PaymentLinks links;
    private final PaymentStatuses statuses;
    private final PaymentProvider provider;
    private final OrderClaims claims;
    private final Outbox outbox;
    private final LinkProperties properties;
    private final Clock clock;

    LinkRenewal(
            PaymentOrders orders,
            PaymentLinks links,
            PaymentStatuses statuses,
            PaymentProvider provider,
            OrderClaims claims,
            Outbox outbox,
            LinkProperties properties,
            Clock clock) {
        this.orders = orders;
        this.links = links;
        this.statuses = statuses;
        this.provider = provider;
        this.claims = claims;
        this.outbox = outbox;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * @throws UnknownOrderException when the order has no link
     * @throws io.payrecon.requestclient.ProviderException, {@link io.payrecon.link.provider.ProviderRateLimitedException}
     *     or {@link io.payrecon.link.provider.ProviderUnavailableException} when a needed renewal (or the check that
     *     the expired link is unpaid) failed at the provider; nothing changed
     * @throws io.payrecon.link.provider.ProviderBusyException when too many provider calls are in progress
     * @throws OrderClaims.OrderBusyException when another request for the order did not finish within a lease
     */
    public PayerDestination destinationFor(String orderId) {
        PaymentLink current = links.current(orderId).orElseThrow(() -> new UnknownOrderException(orderId));
        Optional<KnownPaymentStatus> known = statuses.find(orderId);
        Optional<PayerDestination.Paid> paid = paid(orderId, known);
        if (paid.isPresent()) {
            return paid.get();
        }
        if (current.isPayableAt(clock.instant())) {
            return new PayerDestination.Link(current);
        }
        return claims.run(orderId, "renewing the link of order " + orderId, new Renewal(orderId));
    }

    /** What the renewal found when it took the claim. */
    private record Expired(LinkOrder order, PaymentLink current, Optional<KnownPaymentStatus> known) {}

    /** What the provider calls decided. */
    private sealed interface Decision {
        /** The provider reports the expired link paid. */
        record Completed() implements Decision {}

        /** Nothing is left to pay. */
        record NothingLeft(BigDecimal paidAmount) implements Decision {}

        /** The provider made the new link, for {@code remaining}. */
        record Renewed(SecurePaymentCreated created, BigDecimal remaining) implements Decision {}
    }

    /** Replaces the order's expired link. */
    private final class Renewal implements OrderClaims.Work<Expired, Decision, PayerDestination> {

        private final String orderId;

        Renewal(String orderId) {
            this.orderId = orderId;
        }

        @Override
        public OrderClaims.Step<Expired, PayerDestination> claim(OrderClaim claim) {
            LinkOrder order = orders.lockOrder(orderId).orElseThrow(() -> new UnknownOrderException(orderId));
            PaymentLink current = links.current(orderId).orElseThrow(() -> new UnknownOrderException(orderId));
            Optional<KnownPaymentStatus> known = statuses.find(orderId);
            Optional<PayerDestination.Paid> paid = paid(orderId, known);
            if (paid.isPresent()) {
                return new OrderClaims.Step.Done<>(paid.get());
            }
            if (current.isPayableAt(claim.now())) {
                log.debug("Order {}: renewed by a concurrent request to {}", orderId, current.token());
                return new OrderClaims.Step.Done<>(new PayerDestination.Link(current));
            }
            Optional<Instant> heldUntil = orders.claimedUntil(orderId);
            if (orders.claimExisting(orderId, claim)) {
                heldUntil.ifPresent(until -> log.warn(
                        "Order {}: taking over a renewal whose claim ran out at {} (its instance crashed or stalled)",
                        orderId,
                        until));
                return new OrderClaims.Step.Claimed<>(new Expired(order, current, known));
            }
            return new OrderClaims.Step.Held<>(heldUntil.orElse(claim.now()));
        }

        @Override
        public Decision callProvider(Expired expired) {
            PaymentLink current = expired.current();
            PaidAtProvider atProvider = paidAtProvider(current);
            if (atProvider.completed()) {
                return new Decision.Completed();
            }
            BigDecimal paidAmount =
                    expired.known().map(KnownPaymentStatus::paidAmount).orElse(BigDecimal.ZERO);
            // The reconciler's count covers every link of the order; the provider's covers the expired link, up to now.
            BigDecimal remaining = expired.order()
                    .amount()
                    .subtract(paidAmount)
                    .min(current.amount().subtract(atProvider.paidAmount()));
            if (remaining.signum() <= 0) {
                return new Decision.NothingLeft(paidAmount);
            }
            try {
                return new Decision.Renewed(provider.create(expired.order().toProviderRequest(remaining)), remaining);
            } catch (RuntimeException e) {
                log.warn(
                        "Order {}: provider did not create the renewal of {}: {}",
                        orderId,
                        current.token(),
                        e.getMessage());
                throw e;
            }
        }

        @Override
        public PayerDestination store(Expired expired, Decision decision, Instant now) {
            if (decision instanceof Decision.Completed) {
                return providerSaysCompleted(orderId, expired.current().token(), now);
            }
            if (decision instanceof Decision.NothingLeft nothingLeft) {
                log.info(
                        "Order {}: {} of {} paid, nothing left to renew for",
                        orderId,
                        nothingLeft.paidAmount(),
                        expired.order().amount());
                return new PayerDestination.Paid(
                        orderId,
                        expired.known().map(KnownPaymentStatus::status).orElse(PaymentStatus.PAID),
                        nothingLeft.paidAmount(),
                        PayerDestination.Paid.FROM_ORDER_STATUS);
            }
            Decision.Renewed renewed = (Decision.Renewed) decision;
            Optional<PayerDestination.Paid> paidMeanwhile = paid(orderId, statuses.find(orderId));
            if (paidMeanwhile.isPresent()) {
                log.warn(
                        "Order {}: paid while the provider made renewal {}: not stored, an orphan link nobody is "
                                + "sent to",
                        orderId,
                        renewed.created().token());
                return paidMeanwhile.get();
            }
            return replace(expired, renewed, now);
        }
    }

    private PayerDestination.Link replace(Expired expired, Decision.Renewed decision, Instant now) {
        String orderId = expired.order().orderId();
        PaymentLink current = expired.current();
        if (links.expire(current.token(), now)) {
            PaymentLinkExpired event = new PaymentLinkExpired(
                    UUID.randomUUID(), now, orderId, current.token(), current.requestIds(), current.expiresAt());
            outbox.append(Topics.LINK_EVENTS, event);
            log.info(
                    "Order {} link {} expired at {} (event {})",
                    orderId,
                    current.token(),
                    current.expiresAt(),
                    event.eventId());
        }
        BigDecimal remaining = decision.remaining();
        PaymentLink renewed =
                PaymentLink.made(decision.created(), orderId, remaining, now, properties.expiry(), current.token());
        links.addAsCurrent(renewed);
        PaymentLinkRenewed event = new PaymentLinkRenewed(
                UUID.randomUUID(),
                now,
                orderId,
                renewed.token(),
                current.token(),
                renewed.requestIds(),
                remaining,
                expired.order().amount(),
                expired.order().currency(),
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
                expired.order().amount().toPlainString(),
                renewed.requestIds(),
                event.eventId());
        return new PayerDestination.Link(renewed);
    }

    private Optional<PayerDestination.Paid> paid(String orderId, Optional<KnownPaymentStatus> known) {
        if (known.isPresent() && known.get().settled()) {
            return Optional.of(new PayerDestination.Paid(
                    orderId, known.get().status(), known.get().paidAmount(), PayerDestination.Paid.FROM_ORDER_STATUS));
        }
        return orders.providerCompletedAt(orderId)
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
        orders.markProviderCompleted(orderId, now);
        log.info("Order {}: the provider reports link {} paid: the order is paid", orderId, token);
        return new PayerDestination.Paid(orderId, PaymentStatus.PAID, null, PayerDestination.Paid.FROM_PROVIDER);
    }
}
