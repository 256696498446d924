package io.payrecon.sandbox.payment;

import io.payrecon.sandbox.clock.SandboxClock;
import io.payrecon.sandbox.webhook.WebhookSender;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Paying links: the hosted page's simulated wallet ({@link #pay}, {@link #fail}) and the payment controls
 * ({@link #settle}, {@link #refund}). Each payment, failure or refund is recorded on the link at the sandbox clock's
 * time, then its webhooks are handed to the {@link WebhookSender}.
 */
@Component
public class Checkout {

    private static final Logger log = LoggerFactory.getLogger(Checkout.class);

    private final SecurePayments links;
    private final PaymentWebhooks webhooks;
    private final WebhookSender sender;
    private final SandboxClock clock;

    Checkout(SecurePayments links, PaymentWebhooks webhooks, WebhookSender sender, SandboxClock clock) {
        this.links = links;
        this.webhooks = webhooks;
        this.sender = sender;
        this.clock = clock;
    }

    /** A link as the hosted page shows it. */
    public record LinkView(
            String token,
            String reference,
            String status,
            Instant createdAt,
            Instant expiresAt,
            String redirectUrl,
            String redirectLabel,
            List<RequestView> requests) {

        public boolean payable() {
            return status.equals("pending");
        }
    }

    /** One request of a link, as the hosted page shows it. */
    public record RequestView(
            String requestId,
            BigDecimal amount,
            BigDecimal paid,
            BigDecimal remaining,
            BigDecimal refunded,
            String currency,
            String network,
            boolean hasBeenPaid) {}

    /**
     * What one call paid, failed or refunded, request by request, and the link afterwards.
     *
     * @param settlements one per request touched
     */
    public record Result(List<Line> settlements, LinkView link) {

        /**
         * @param event the core event ({@code payment.confirmed}, …); the deliveries include its variants
         */
        public record Line(
                String requestId,
                String event,
                BigDecimal amount,
                BigDecimal totalAmountPaid,
                BigDecimal expectedAmount,
                String txHash,
                Instant timestamp,
                String subStatus,
                List<WebhookSender.Delivery> deliveries) {}
    }

    public Optional<LinkView> view(String token) {
        return links.find(token).map(this::view);
    }

    /**
     * The payer pays from the hosted page: {@code amount} on one request, or everything that remains.
     *
     * @param requestId null: the first unpaid request (or all of them, when {@code amount} is null too)
     * @param amount null: what remains
     * @throws PaymentRefused when the link is not payable (expired, completed) or the amount is not positive
     */
    public Result pay(String token, String requestId, BigDecimal amount) {
        SecurePayment link = link(token);
        return deliver(link, link.pay(requestId, amount, now()));
    }

    /** The payer's wallet fails to execute the payment: {@code payment.failed}, no money moves. */
    public Result fail(String token, String requestId) {
        SecurePayment link = link(token);
        return deliver(link, List.of(link.fail(requestId, Settlement.INSUFFICIENT_FUNDS, now(), true)));
    }

    /** The control's payment: forces the outcome, whatever the link's status. */
    Result settle(String token, String requestId, Outcome outcome, BigDecimal amount, String subStatus) {
        SecurePayment link = link(token);
        Settlement settlement = outcome == Outcome.FAILED
                ? link.fail(requestId, subStatus, now(), false)
                : link.settle(requestId, outcome, amount, now());
        return deliver(link, List.of(settlement));
    }

    /** The control's refund of money received on a request. */
    Result refund(String token, String requestId, BigDecimal amount) {
        SecurePayment link = link(token);
        return deliver(link, List.of(link.refund(requestId, amount, now())));
    }

    private Result deliver(SecurePayment link, List<Settlement> settlements) {
        List<Result.Line> lines = settlements.stream()
                .map(settlement -> {
                    log.info(
                            "Simulated {} of {} on request {} of {} (total {})",
                            settlement.outcome().event(),
                            settlement.amount().toPlainString(),
                            settlement.request().requestId(),
                            link.token(),
                            settlement.totalAmountPaid().toPlainString());
                    List<WebhookSender.Delivery> deliveries = webhooks.of(link, settlement).stream()
                            .map(webhook -> sender.deliver(webhook.event(), webhook.requestId(), webhook.body()))
                            .toList();
                    return new Result.Line(
                            settlement.request().requestId(),
                            settlement.outcome().event(),
                            settlement.amount(),
                            settlement.totalAmountPaid(),
                            settlement.request().amount(),
                            settlement.txHash(),
                            settlement.timestamp(),
                            settlement.subStatus(),
                            deliveries);
                })
                .toList();
        return new Result(lines, view(link));
    }

    private LinkView view(SecurePayment link) {
        List<RequestView> requests = link.states().stream()
                .map(state -> new RequestView(
                        state.terms().requestId(),
                        state.terms().amount(),
                        state.paid(),
                        state.remaining(),
                        state.refunded(),
                        state.terms().currency(),
                        state.terms().network(),
                        state.hasBeenPaid()))
                .toList();
        return new LinkView(
                link.token(),
                link.reference(),
                link.status(now()).name().toLowerCase(Locale.ROOT),
                link.createdAt(),
                link.expiresAt(),
                link.redirectUrl(),
                link.redirectLabel(),
                requests);
    }

    private SecurePayment link(String token) {
        return links.find(token).orElseThrow(() -> PaymentRefused.unknownLink(token));
    }

    private Instant now() {
        return clock.instant();
    }
}
