package io.payrecon.link.paymentlink.web;

import io.payrecon.link.paymentlink.OrderClaims;
import io.payrecon.link.paymentlink.UnknownOrderException;
import io.payrecon.link.paymentlink.issue.PaymentLinkIssuer;
import io.payrecon.link.paymentlink.renewal.PayerDestination;
import io.payrecon.link.provider.ProviderBusyException;
import io.payrecon.link.provider.ProviderRateLimitedException;
import io.payrecon.link.provider.ProviderUnavailableException;
import io.payrecon.platform.problem.ProblemType;
import io.payrecon.requestclient.ProviderException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Every error of this service as {@code application/problem+json} (RFC 9457) whose {@code detail} tells the caller
 * what to do. Provider failures never carry a credential: {@link ProviderException} redacts them.
 */
@RestControllerAdvice
class PaymentLinkProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(PaymentLinkProblems.class);
    private static final long UNREACHABLE_RETRY_SECONDS = 5;
    private static final long BUSY_RETRY_SECONDS = 2;

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalid(CreatePaymentLinkRequest.InvalidRequestException e) {
        List<CreatePaymentLinkRequest.Violation> violations = e.violations();
        ProblemDetail problem = problem(
                ProblemType.INVALID_REQUEST,
                "Invalid payment link request",
                violations.stream()
                        .map(violation -> violation.field() + " " + violation.message())
                        .collect(Collectors.joining("; ")));
        problem.setProperty(
                "errors",
                violations.stream()
                        .map(violation -> Map.of("field", violation.field(), "message", violation.message()))
                        .toList());
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> conflict(PaymentLinkIssuer.ConflictingOrderException e) {
        ProblemDetail problem = problem(
                ProblemType.ORDER_TERMS_CONFLICT,
                "Order already has a different payment link",
                e.getMessage() + ". An order keeps the amount and payment target of its first link: "
                        + "use a new order id for a different payment.");
        problem.setProperty("orderId", e.orderId());
        problem.setProperty("differences", e.differences());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unknown(UnknownOrderException e) {
        ProblemDetail problem = problem(
                ProblemType.UNKNOWN_ORDER,
                "Unknown order",
                e.getMessage() + ": create it with POST /api/payment-links first.");
        problem.setProperty("orderId", e.orderId());
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> paid(PayController.OrderPaidException e) {
        PayerDestination.Paid paid = e.paid();
        ProblemDetail problem = problem(
                ProblemType.ORDER_PAID,
                "Order already paid",
                e.getMessage() + ": no new payment link is created for it. Show the payer the paid state.");
        problem.setProperty("orderId", paid.orderId());
        problem.setProperty("paymentStatus", paid.status().name());
        if (paid.paidAmount() != null) {
            problem.setProperty("paidAmount", paid.paidAmount().toPlainString());
        }
        problem.setProperty("source", paid.source());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> rateLimited(ProviderRateLimitedException e) {
        long seconds = wholeSeconds(e.retryAfter());
        return retryLater(
                ProblemType.PROVIDER_RATE_LIMITED,
                seconds,
                "Payment provider rate limit reached",
                e.quotaUsed()
                        ? "The provider credential's rate limit, shared by link creation and polling, is used for the"
                                + " last minute (link creation comes first, but cannot go beyond it). Nothing was"
                                + " stored: retry after " + seconds + " seconds."
                        : (e.called()
                                        ? "Request Network is limiting our requests (429)"
                                        : "Request Network limited our requests (429) a moment ago")
                                + "; no provider calls are made for " + seconds
                                + " more seconds. Nothing was stored: retry after " + seconds + " seconds.",
                Map.of());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unavailable(ProviderUnavailableException e) {
        long seconds = wholeSeconds(e.retryAfter());
        return retryLater(
                ProblemType.PROVIDER_UNAVAILABLE,
                seconds,
                "Payment provider unavailable",
                "Request Network timed out or could not be reached a moment ago; link-service makes no provider "
                        + "calls for " + seconds + " more seconds. Nothing was stored: retry after " + seconds
                        + " seconds.",
                Map.of());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> orderBusy(OrderClaims.OrderBusyException e) {
        log.warn("Answered 503 for order {}: another request held its claim for over {}", e.orderId(), e.lease());
        return retryLater(
                ProblemType.ORDER_BUSY,
                BUSY_RETRY_SECONDS,
                "Order is being given a link",
                "Another request for order " + e.orderId() + " is still getting its link from Request Network "
                        + "(links.claim-lease " + e.lease() + "). Nothing was done: retry after "
                        + BUSY_RETRY_SECONDS + " seconds.",
                Map.of("orderId", e.orderId()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> busy(ProviderBusyException e) {
        log.warn("Answered 503 for {}: every place for provider calls is taken", e.purpose());
        return retryLater(
                ProblemType.PROVIDER_BUSY,
                BUSY_RETRY_SECONDS,
                "Too many payment provider calls in progress",
                "link-service is waiting on Request Network for as many requests as it allows at once "
                        + "(links.provider-concurrency). Nothing was done: retry after " + BUSY_RETRY_SECONDS
                        + " seconds.",
                Map.of());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> provider(ProviderException e) {
        HttpHeaders headers = new HttpHeaders();
        ProblemDetail problem = switch (e.kind()) {
            case TIMEOUT ->
                problem(
                        ProblemType.PROVIDER_TIMEOUT,
                        "Payment provider timed out",
                        "Request Network did not answer " + e.operation() + " in time. Nothing was stored here "
                                + "(if the provider made a link anyway, it stays unused and expires): retry the "
                                + "request.");
            case CONNECTION_FAILED -> {
                headers.set(HttpHeaders.RETRY_AFTER, Long.toString(UNREACHABLE_RETRY_SECONDS));
                yield problem(
                        ProblemType.PROVIDER_UNREACHABLE,
                        "Payment provider unreachable",
                        "Could not connect to Request Network for " + e.operation()
                                + ". Nothing was stored: retry the request later.");
            }
            case INVALID_RESPONSE ->
                problem(
                        ProblemType.PROVIDER_INVALID_RESPONSE,
                        "Payment provider answered unexpectedly",
                        "Request Network answered " + e.operation() + " with a body that cannot be read. "
                                + "Nothing was stored: retry the request, and report it if it persists.");
            case HTTP_STATUS -> providerStatus(e);
        };
        if (e.kind() == ProviderException.Kind.HTTP_STATUS) {
            problem.setProperty("providerStatus", e.status());
        }
        if (e.providerMessage() != null) {
            problem.setProperty("providerMessage", e.providerMessage());
        }
        return ResponseEntity.status(problem.getStatus()).headers(headers).body(problem);
    }

    private static ProblemDetail providerStatus(ProviderException e) {
        String said = e.providerMessage() != null ? e.providerMessage() : e.body();
        // The provider's message is quoted inside our sentence, which goes on with ". …": its own final period goes.
        String because = said == null ? "" : ": " + said.strip().replaceAll("\\.+$", "");
        return switch (e.status()) {
            case 400 ->
                problem(
                        ProblemType.PROVIDER_REJECTED_LINK,
                        "Payment provider rejected the link",
                        "Request Network rejected the payment link" + because
                                + ". Correct the request; nothing was stored.");
            case 401 ->
                withReason(
                        problem(
                                ProblemType.PROVIDER_CREDENTIAL_REJECTED,
                                "Payment provider rejected our credential",
                                "Request Network answered 401: link-service's credential is missing or unknown. "
                                        + "An operator must fix REQUEST_API_KEY (request.api-key) or REQUEST_CLIENT_ID "
                                        + "(request.client-id)."),
                        "bad-credential");
            case 403 ->
                destinationMismatch(said)
                        ? withReason(
                                problem(
                                        ProblemType.DESTINATION_MISMATCH,
                                        "Payment destination does not match the client id",
                                        "Request Network answered 403" + because
                                                + ". The order's destinationId (or payee) is not the destination bound "
                                                + "to link-service's client id: send that destination, or none to use "
                                                + "it; an operator can check the binding in the Request Network "
                                                + "dashboard. Nothing was stored."),
                                "destination-mismatch")
                        : withReason(
                                problem(
                                        ProblemType.PROVIDER_CREDENTIAL_REFUSED,
                                        "Payment provider refused our credential",
                                        "Request Network answered 403" + because
                                                + ": link-service's credential is known but not allowed to do this "
                                                + "(revoked, or a frontend client id whose Origin is not allowed). An "
                                                + "operator must check REQUEST_API_KEY / REQUEST_CLIENT_ID and "
                                                + "REQUEST_ORIGIN."),
                                "credential-not-allowed");
            default ->
                problem(
                        ProblemType.PROVIDER_FAILED,
                        "Payment provider failed",
                        "Request Network answered " + e.status() + " to " + e.operation() + because
                                + ". Nothing was stored: retry the request later.");
        };
    }

    /**
     * The database cannot be reached, or no pooled connection became free within
     * {@code spring.datasource.hikari.connection-timeout} ({@code CannotGetJdbcConnectionException} is a
     * {@link DataAccessResourceFailureException}; a transaction that cannot start is a
     * {@link CannotCreateTransactionException}).
     */
    @ExceptionHandler({
        TransientDataAccessException.class,
        DataAccessResourceFailureException.class,
        CannotCreateTransactionException.class
    })
    ResponseEntity<ProblemDetail> databaseUnavailable(Exception e) {
        log.warn("Database unavailable: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(UNREACHABLE_RETRY_SECONDS))
                .body(problem(
                        ProblemType.STORAGE_UNAVAILABLE,
                        "Storage unavailable",
                        "link-service cannot reach its database, or has no free connection to it, right now. Retry "
                                + "the request later."));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unexpected(RuntimeException e) {
        log.error("Unexpected failure", e);
        return ResponseEntity.internalServerError()
                .body(problem(
                        ProblemType.INTERNAL_ERROR,
                        "Unexpected error",
                        "link-service failed unexpectedly; the failure is in its log. Retry later or report it."));
    }

    /** A body that is not the expected JSON: name the field when Jackson can tell it. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String field = e.getCause() instanceof JacksonException jackson
                ? jackson.getPath().stream()
                        .map(reference -> reference.getPropertyName() != null
                                ? reference.getPropertyName()
                                : "[" + reference.getIndex() + "]")
                        .collect(Collectors.joining("."))
                : "";
        ProblemDetail problem;
        if (field.isEmpty()) {
            problem = problem(
                    ProblemType.INVALID_REQUEST,
                    "Unreadable request body",
                    "The body must be a JSON object with string fields (orderId, amount, …) and metadata as an "
                            + "object of strings.");
        } else {
            problem = problem(
                    ProblemType.INVALID_REQUEST,
                    "Invalid payment link request",
                    field + " has the wrong JSON type: amounts and texts are strings, metadata is an object of "
                            + "strings.");
            problem.setProperty("errors", List.of(Map.of("field", field, "message", "has the wrong JSON type")));
        }
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** The provider's documented 403 for a destination other than the one bound to the client id. */
    private static boolean destinationMismatch(String said) {
        return said != null && said.toLowerCase(Locale.ROOT).contains("destination");
    }

    /**
     * A 503 for something that passes: nothing was done, and the caller may retry after {@code seconds}, which
     * {@code Retry-After} says and, for clients that read only the body, {@code retryAfterSeconds}.
     *
     * @param properties what the problem names besides, ahead of {@code retryAfterSeconds}
     */
    private static ResponseEntity<ProblemDetail> retryLater(
            ProblemType type, long seconds, String title, String detail, Map<String, Object> properties) {
        ProblemDetail problem = problem(type, title, detail);
        properties.forEach(problem::setProperty);
        problem.setProperty("retryAfterSeconds", seconds);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(problem);
    }

    /** A wait in whole seconds, rounded up, and at least one: {@code Retry-After} takes whole seconds. */
    private static long wholeSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    private static ProblemDetail withReason(ProblemDetail problem, String reason) {
        problem.setProperty("reason", reason);
        return problem;
    }

    private static ProblemDetail problem(ProblemType type, String title, String detail) {
        return type.problem(title, detail);
    }
}
