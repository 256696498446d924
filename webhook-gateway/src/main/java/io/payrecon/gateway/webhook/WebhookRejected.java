package io.payrecon.gateway.webhook;

import io.payrecon.gateway.webhook.WebhookMetrics.Outcome;
import io.payrecon.platform.problem.ProblemType;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;

/**
 * A delivery the gateway does not acknowledge, answered as {@code application/problem+json} of its type
 * (docs/problems.md). The details say what to fix and never contain a secret, the received signature or the expected
 * one.
 */
final class WebhookRejected extends RuntimeException {

    /** The provider ignores it (it retries after 1, 5 and 15 s), other senders may not. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final Outcome outcome;
    private final ProblemType type;
    private final String title;

    private WebhookRejected(Outcome outcome, ProblemType type, String title, String detail) {
        super(detail, null, false, false);
        this.outcome = outcome;
        this.type = type;
        this.title = title;
    }

    static WebhookRejected unsupportedType(String contentType) {
        return new WebhookRejected(
                Outcome.UNSUPPORTED_TYPE,
                ProblemType.UNSUPPORTED_CONTENT_TYPE,
                "Unsupported content type",
                (contentType == null
                                ? "The request has no Content-Type"
                                : "Content-Type " + contentType + " is not JSON")
                        + "; webhooks must be sent as application/json.");
    }

    static WebhookRejected tooLarge(DataSize limit) {
        return new WebhookRejected(
                Outcome.TOO_LARGE,
                ProblemType.REQUEST_TOO_LARGE,
                "Webhook body too large",
                "The body exceeds the gateway's limit of " + limit.toBytes()
                        + " bytes (gateway.max-body-size); provider webhooks are far smaller.");
    }

    static WebhookRejected incompleteBody() {
        return new WebhookRejected(
                Outcome.INCOMPLETE_BODY,
                ProblemType.REQUEST_TOO_SLOW,
                "Webhook body incomplete",
                "The body was not received completely: the client stopped sending or closed the connection;"
                        + " send the whole body without pausing.");
    }

    static WebhookRejected tooSlow(Duration deadline) {
        return new WebhookRejected(
                Outcome.INCOMPLETE_BODY,
                ProblemType.REQUEST_TOO_SLOW,
                "Webhook body too slow",
                "The body did not arrive in full within " + deadline.toMillis()
                        + " ms of the headers (gateway.body-deadline): send the whole body at once.");
    }

    static WebhookRejected missingSignature() {
        return new WebhookRejected(
                Outcome.BAD_SIGNATURE,
                ProblemType.BAD_SIGNATURE,
                "Webhook signature missing",
                "The x-request-network-signature header is missing: sign the raw body with HMAC-SHA256 keyed"
                        + " with the webhook secret and send its lowercase hex.");
    }

    static WebhookRejected badSignature() {
        return new WebhookRejected(
                Outcome.BAD_SIGNATURE,
                ProblemType.BAD_SIGNATURE,
                "Webhook signature invalid",
                "The x-request-network-signature does not match the body under any configured webhook secret:"
                        + " check that the gateway's WEBHOOK_SECRET is the one the webhook was registered with,"
                        + " and that the signature is computed over the exact bytes sent.");
    }

    static WebhookRejected brokerUnavailable(Duration waited) {
        return new WebhookRejected(
                Outcome.BROKER_UNAVAILABLE,
                ProblemType.BROKER_UNAVAILABLE,
                "Webhook not stored",
                "The event log did not acknowledge the delivery within " + waited.toMillis()
                        + " ms, so it was not accepted; send it again later.");
    }

    Outcome outcome() {
        return outcome;
    }

    ResponseEntity<ProblemDetail> toResponse() {
        ProblemDetail problem = type.problem(title, getMessage());
        ResponseEntity.BodyBuilder response = ResponseEntity.status(type.status());
        if (type.status() == HttpStatus.SERVICE_UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()));
        }
        return response.body(problem);
    }
}
