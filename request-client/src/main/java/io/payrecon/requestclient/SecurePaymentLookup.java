package io.payrecon.requestclient;

import java.math.BigDecimal;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The answer to {@code GET /v2/secure-payments/{token}}, where the HTTP status is the answer: payable (200),
 * expired or otherwise not payable (403, create a fresh link), unknown (404), already completed (409, with each
 * request's payment) or a multisig payment in progress (423). Other statuses are a {@link ProviderException}.
 *
 * @param status the provider's {@code status}, such as {@code pending} or {@code completed}, when it sent one
 * @param amount the amount of a single payment (batches carry theirs in {@code body})
 * @param requestStatuses on {@link Outcome#COMPLETED}: whether each request was paid, and by which transaction
 * @param message the provider's {@code message}, when it sent one
 * @param body the whole JSON body, for what the typed fields leave out (null when the body was not JSON)
 */
public record SecurePaymentLookup(
        Outcome outcome,
        String status,
        List<String> requestIds,
        BigDecimal amount,
        String paymentCurrency,
        String reference,
        List<RequestPaymentStatus> requestStatuses,
        String message,
        JsonNode body) {

    public SecurePaymentLookup {
        requestIds = requestIds == null ? List.of() : List.copyOf(requestIds);
        requestStatuses = requestStatuses == null ? List.of() : List.copyOf(requestStatuses);
    }

    /** What the HTTP status of the answer says about the link. */
    public enum Outcome {
        /** 200: pending, the payer can pay. */
        PAYABLE(200),
        /** 403: expired or not payable any more; create a new link. */
        NOT_PAYABLE(403),
        /** 404: the provider does not know the token. */
        NOT_FOUND(404),
        /** 409: already completed; show the paid state, don't retry. */
        COMPLETED(409),
        /** 423: a multisig payment is in progress. */
        IN_PROGRESS(423);

        private final int httpStatus;

        Outcome(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }

        static Outcome of(int httpStatus) {
            for (Outcome outcome : values()) {
                if (outcome.httpStatus == httpStatus) {
                    return outcome;
                }
            }
            return null;
        }
    }

    /** One request of a completed link. */
    public record RequestPaymentStatus(String requestId, boolean hasBeenPaid, String txHash) {}
}
