package io.payrecon.sandbox.payment;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.payrecon.sandbox.journal.Fact;
import java.time.Instant;
import java.util.List;

/**
 * What the journal keeps of links: each created link, and each payment and refund on one of its requests. A failed
 * payment moves no money and changes nothing: only its webhook delivery is kept. Amounts are decimal strings.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = LinkFact.LinkCreated.class, name = "link.created"),
    @JsonSubTypes.Type(value = LinkFact.PaymentMade.class, name = "payment.made"),
    @JsonSubTypes.Type(value = LinkFact.RefundMade.class, name = "refund.made")
})
sealed interface LinkFact extends Fact {

    /**
     * @param clientId the Client ID that created the link; null for an API key
     * @param origin the {@code Origin} the creating call sent
     */
    record LinkCreated(
            String token,
            Instant createdAt,
            Instant expiresAt,
            String reference,
            String payerIdentifier,
            String redirectUrl,
            String redirectLabel,
            String clientId,
            String origin,
            List<Request> requests)
            implements LinkFact {

        record Request(
                String requestId,
                String paymentReference,
                String amount,
                String destinationId,
                String payee,
                String network,
                String currency,
                int decimals) {}
    }

    /** @param paymentId how {@code GET /v2/payments} names the payment */
    record PaymentMade(
            String token, String requestId, String paymentId, String txHash, String amount, Instant timestamp)
            implements LinkFact {}

    record RefundMade(String token, String requestId, String amount, Instant timestamp) implements LinkFact {}
}
