package io.payrecon.sandbox.payment;

import io.payrecon.platform.problem.ProblemResponses;
import io.payrecon.platform.problem.ProblemType;
import io.payrecon.sandbox.SandboxProblem;
import io.payrecon.sandbox.webhook.WebhookSender;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The payment controls: {@code POST /sandbox/payments/{token}} simulates a payer paying a link (or failing to),
 * {@code POST /sandbox/payments/{token}/refund} refunds one, and the provider's webhooks about it are delivered to
 * {@code sandbox.webhook-url}, asynchronously, with retries. {@code GET /sandbox/payments} lists the links. Unlike the
 * hosted page, the controls also pay expired or completed links, so late and duplicate payments can be tested.
 */
@RestController
@Tag(name = "Payments", description = "Controls: pay, part-pay, fail or refund a link, and list links")
class SettlementController {

    private final Checkout checkout;
    private final SecurePayments links;

    SettlementController(Checkout checkout, SecurePayments links) {
        this.checkout = checkout;
        this.links = links;
    }

    /**
     * What to simulate; every field is optional.
     *
     * @param outcome {@code confirmed} (default), {@code partial} or {@code failed}
     * @param amount a decimal string; by default what remains to be paid (half of it for {@code partial})
     * @param requestId which request of a batch link; by default its first
     * @param subStatus why a {@code failed} payment failed, default {@code insufficient_funds}
     */
    record SettleCommand(String outcome, String amount, String requestId, String subStatus) {}

    /**
     * What to refund; every field is optional.
     *
     * @param amount a decimal string; by default all that the request received and was not refunded yet
     * @param requestId which request of a batch link; by default its first
     */
    record RefundCommand(String amount, String requestId) {}

    /** The control call's answer: the payment as recorded, and the deliveries now on their way. */
    record Settled(
            String token,
            String requestId,
            String outcome,
            String event,
            Payment payment,
            List<WebhookSender.Delivery> deliveries) {

        record Payment(
                String amount,
                String totalAmountPaid,
                String expectedAmount,
                String txHash,
                Instant timestamp,
                String subStatus) {}
    }

    @Operation(
            summary = "Pay, part-pay or fail a link",
            description = "Simulates a payment (confirmed: what remains; partial: half of it; or an amount) or a "
                    + "failure, and sends the provider's webhooks about it. Pays expired and completed links too.")
    @ProblemResponses({ProblemType.INVALID_REQUEST, ProblemType.UNKNOWN_SECURE_PAYMENT, ProblemType.LINK_NOT_PAYABLE})
    @ApiResponse(responseCode = "202", description = "The payment as recorded, and its deliveries on their way")
    @PostMapping("/sandbox/payments/{token}")
    ResponseEntity<Settled> settle(@PathVariable String token, @RequestBody(required = false) SettleCommand command) {
        SettleCommand settle = command == null ? new SettleCommand(null, null, null, null) : command;
        Outcome outcome = Outcome.parse(settle.outcome());
        Checkout.Result result =
                checkout.settle(token, settle.requestId(), outcome, amount(settle.amount()), settle.subStatus());
        return accepted(token, outcome, result);
    }

    @Operation(
            summary = "Refund a link's payment",
            description = "By default all that the first request received and was not refunded yet; sends "
                    + "payment.refunded.")
    @ProblemResponses({ProblemType.INVALID_REQUEST, ProblemType.UNKNOWN_SECURE_PAYMENT, ProblemType.LINK_NOT_PAYABLE})
    @ApiResponse(responseCode = "202", description = "The refund as recorded, and its delivery on its way")
    @PostMapping("/sandbox/payments/{token}/refund")
    ResponseEntity<Settled> refund(@PathVariable String token, @RequestBody(required = false) RefundCommand command) {
        RefundCommand refund = command == null ? new RefundCommand(null, null) : command;
        Checkout.Result result = checkout.refund(token, refund.requestId(), amount(refund.amount()));
        return accepted(token, Outcome.REFUNDED, result);
    }

    /**
     * A link as the controls list it.
     *
     * @param createdWith {@code api-key} or {@code client-id} (which gets {@code .client_id} webhooks)
     */
    record LinkSummary(
            String token,
            String reference,
            String status,
            Instant createdAt,
            Instant expiresAt,
            String createdWith,
            List<RequestSummary> requests) {

        record RequestSummary(
                String requestId, String amount, String paid, String refunded, String currency, String status) {}
    }

    static final int MAX_PAGE = 1000;

    /** @param next the token to pass as {@code after} for the next page; null on the last page */
    record Links(List<LinkSummary> links, String next) {}

    /**
     * The links, in token order (the order they were made: tokens are ULIDs), a page at a time: {@code after} is the
     * previous page's {@code next}, {@code limit} at most {@value #MAX_PAGE}.
     */
    @Operation(
            summary = "List links",
            description = "In the order they were made, paged by key: pass the answer's next as after.")
    @ProblemResponses(ProblemType.INVALID_REQUEST)
    @GetMapping("/sandbox/payments")
    Links links(
            @Parameter(description = "Only links with this reference") @RequestParam(required = false) String reference,
            @Parameter(description = "The previous page's next") @RequestParam(required = false) String after,
            @Parameter(description = "Links per page, 1 to 1000") @RequestParam(defaultValue = "1000") int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw SandboxProblem.badRequest(
                    "Invalid page size", "limit must be between 1 and " + MAX_PAGE + ", got " + limit);
        }
        List<SecurePayment> page = links.after(after)
                .filter(link -> reference == null || reference.equals(link.reference()))
                .limit(limit + 1L)
                .toList();
        boolean more = page.size() > limit;
        List<SecurePayment> shown = more ? page.subList(0, limit) : page;
        return new Links(summaries(shown), more ? shown.get(limit - 1).token() : null);
    }

    private List<LinkSummary> summaries(List<SecurePayment> shown) {
        return shown.stream()
                .map(link -> {
                    Checkout.LinkView view = checkout.view(link.token()).orElseThrow();
                    return new LinkSummary(
                            view.token(),
                            view.reference(),
                            view.status(),
                            view.createdAt(),
                            view.expiresAt(),
                            link.creator().clientId() == null ? "api-key" : "client-id",
                            link.states().stream()
                                    .map(state -> new LinkSummary.RequestSummary(
                                            state.terms().requestId(),
                                            state.terms().amount().toPlainString(),
                                            state.paid().toPlainString(),
                                            state.refunded().toPlainString(),
                                            state.terms().currency(),
                                            state.status()))
                                    .toList());
                })
                .toList();
    }

    private static ResponseEntity<Settled> accepted(String token, Outcome outcome, Checkout.Result result) {
        Checkout.Result.Line line = result.settlements().get(0);
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(new Settled(
                        token,
                        line.requestId(),
                        outcome.name().toLowerCase(Locale.ROOT),
                        line.event(),
                        new Settled.Payment(
                                line.amount().toPlainString(),
                                line.totalAmountPaid().toPlainString(),
                                line.expectedAmount().toPlainString(),
                                line.txHash(),
                                line.timestamp(),
                                line.subStatus()),
                        line.deliveries()));
    }

    private static BigDecimal amount(String amount) {
        if (amount == null || amount.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(amount.strip());
        } catch (NumberFormatException e) {
            throw PaymentRefused.invalid("The amount must be a decimal string such as \"10.50\", was '" + amount + "'");
        }
    }
}
