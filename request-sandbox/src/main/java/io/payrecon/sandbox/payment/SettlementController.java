package io.payrecon.sandbox.payment;

import io.payrecon.sandbox.webhook.WebhookSender;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sandbox's control: {@code POST /sandbox/payments/{token}} simulates a payer paying a link (or failing to), and
 * the provider's webhook about it is delivered to {@code sandbox.webhook-url}, asynchronously, with retries.
 */
@RestController
class SettlementController {

    private static final Logger log = LoggerFactory.getLogger(SettlementController.class);

    private final SecurePayments links;
    private final PaymentWebhooks webhooks;
    private final WebhookSender sender;
    private final Clock clock = Clock.systemUTC();

    SettlementController(SecurePayments links, PaymentWebhooks webhooks, WebhookSender sender) {
        this.links = links;
        this.webhooks = webhooks;
        this.sender = sender;
    }

    /**
     * What to simulate; every field is optional.
     *
     * @param outcome {@code confirmed} (default), {@code partial} or {@code failed}
     * @param amount a decimal string; by default what remains to be paid (half of it for {@code partial})
     * @param requestId which request of a batch link; by default its first
     */
    record SettleCommand(String outcome, String amount, String requestId) {}

    /** The control call's answer: the payment as recorded, and the delivery now on its way. */
    record Settled(
            String token, String requestId, String outcome, String event, Payment payment, List<Delivery> deliveries) {

        record Payment(
                String amount, String totalAmountPaid, String expectedAmount, String txHash, Instant timestamp) {}

        record Delivery(String deliveryId, String event, URI url) {}
    }

    @PostMapping("/sandbox/payments/{token}")
    ResponseEntity<Settled> settle(@PathVariable String token, @RequestBody(required = false) SettleCommand command) {
        SettleCommand settle = command == null ? new SettleCommand(null, null, null) : command;
        SecurePayment link = links.find(token).orElseThrow(() -> new UnknownLink(token));
        Outcome outcome = Outcome.parse(settle.outcome());
        Settlement settlement = link.settle(
                settle.requestId(),
                outcome,
                amount(settle.amount()),
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        String requestId = settlement.request().requestId();
        log.info(
                "Simulated {} of {} on request {} of {} (total {})",
                outcome.event(),
                settlement.amount().toPlainString(),
                requestId,
                token,
                settlement.totalAmountPaid().toPlainString());
        WebhookSender.Delivery delivery = sender.deliver(outcome.event(), requestId, webhooks.bodyOf(settlement));
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(new Settled(
                        token,
                        requestId,
                        outcome.name().toLowerCase(Locale.ROOT),
                        outcome.event(),
                        new Settled.Payment(
                                settlement.amount().toPlainString(),
                                settlement.totalAmountPaid().toPlainString(),
                                settlement.request().amount().toPlainString(),
                                settlement.txHash(),
                                settlement.timestamp()),
                        List.of(new Settled.Delivery(delivery.deliveryId(), delivery.event(), delivery.url()))));
    }

    private static BigDecimal amount(String amount) {
        if (amount == null || amount.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(amount.strip());
        } catch (NumberFormatException e) {
            throw new SecurePayment.SettlementRejected(
                    "The amount must be a decimal string such as \"10.50\", was '" + amount + "'");
        }
    }

    @ExceptionHandler(UnknownLink.class)
    ProblemDetail unknownLink(UnknownLink e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Unknown secure payment");
        return problem;
    }

    @ExceptionHandler(SecurePayment.SettlementRejected.class)
    ProblemDetail rejected(SecurePayment.SettlementRejected e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Payment cannot be simulated");
        return problem;
    }

    static final class UnknownLink extends RuntimeException {
        UnknownLink(String token) {
            super("No secure payment has token " + token
                    + ": create one with POST /v2/secure-payments (the sandbox keeps links in memory only)");
        }
    }
}
