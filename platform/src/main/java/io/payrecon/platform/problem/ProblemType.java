package io.payrecon.platform.problem;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Every kind of problem our apps answer, as the {@code type} of its {@code application/problem+json} body (RFC 9457):
 * {@code https://payrecon.io/problems/<slug>}. One list for all apps, like the topics: a client meets these types
 * from any of them, and a kind means the same wherever it comes from. {@code docs/problems.md} says what each means
 * and what the caller should do (a test holds the two to each other); each app's OpenAPI document names the types of
 * each response. The {@code title} and {@code detail} of a problem stay the answering code's own, as before; the type
 * is what a client switches on. Errors of HTTP itself that Spring answers (a wrong method, media type or path) have
 * no type, as before ({@code about:blank}): they mean no more than their status.
 */
public enum ProblemType {
    INVALID_REQUEST("invalid-request", HttpStatus.BAD_REQUEST, "The request is not acceptable as sent"),
    API_KEY_REQUIRED("api-key-required", HttpStatus.UNAUTHORIZED, "No X-Api-Key, or one that is not accepted"),
    OPERATOR_KEY_REQUIRED(
            "operator-key-required", HttpStatus.UNAUTHORIZED, "No X-Admin-Key, or one that is no operator's"),
    OPERATOR_ROLE_REQUIRED(
            "operator-role-required", HttpStatus.FORBIDDEN, "A read-only operator asked to change something"),
    BAD_SIGNATURE("bad-signature", HttpStatus.UNAUTHORIZED, "The webhook's signature is missing or does not match"),
    UNKNOWN_ORDER("unknown-order", HttpStatus.NOT_FOUND, "No such order"),
    UNKNOWN_DEAD_LETTER("unknown-dead-letter", HttpStatus.NOT_FOUND, "No such dead letter"),
    UNKNOWN_JOB("unknown-job", HttpStatus.NOT_FOUND, "No such job"),
    UNKNOWN_SECURE_PAYMENT("unknown-secure-payment", HttpStatus.NOT_FOUND, "No such secure payment in the sandbox"),
    REQUEST_TOO_SLOW("request-too-slow", HttpStatus.REQUEST_TIMEOUT, "The body did not arrive in full in time"),
    ORDER_TERMS_CONFLICT(
            "order-terms-conflict", HttpStatus.CONFLICT, "The order exists with another amount or payment target"),
    ORDER_PAID("order-paid", HttpStatus.CONFLICT, "The order is paid: no payment link for it"),
    ALREADY_DONE("already-done", HttpStatus.CONFLICT, "What was asked for was done already, or cannot be any more"),
    JOB_NOT_RESUMABLE(
            "job-not-resumable", HttpStatus.CONFLICT, "The job is not interrupted, failed or cancelled: not resumable"),
    LINK_NOT_PAYABLE("link-not-payable", HttpStatus.CONFLICT, "The sandbox link cannot be paid or refunded so"),
    REQUEST_TOO_LARGE("request-too-large", HttpStatus.CONTENT_TOO_LARGE, "The body is larger than the app accepts"),
    UNSUPPORTED_CONTENT_TYPE(
            "unsupported-content-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The body is not of a type accepted here"),
    PROVIDER_REJECTED_LINK(
            "provider-rejected-link", HttpStatus.UNPROCESSABLE_CONTENT, "The payment provider refused the link"),
    STILL_NOT_APPLICABLE(
            "dead-letter-not-applicable", HttpStatus.UNPROCESSABLE_CONTENT, "The dead letter still cannot be applied"),
    INTERNAL_ERROR("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "The app failed unexpectedly"),
    PROVIDER_CREDENTIAL_REJECTED(
            "provider-credential-rejected", HttpStatus.BAD_GATEWAY, "The provider does not know our credential"),
    PROVIDER_CREDENTIAL_REFUSED(
            "provider-credential-refused", HttpStatus.BAD_GATEWAY, "The provider does not allow our credential this"),
    DESTINATION_MISMATCH(
            "destination-mismatch",
            HttpStatus.BAD_GATEWAY,
            "The destination is not the one bound to our provider credential"),
    PROVIDER_INVALID_RESPONSE(
            "provider-invalid-response", HttpStatus.BAD_GATEWAY, "The provider's answer could not be read"),
    PROVIDER_FAILED("provider-failed", HttpStatus.BAD_GATEWAY, "The provider answered with an error"),
    PROVIDER_UNREACHABLE(
            "provider-unreachable", HttpStatus.SERVICE_UNAVAILABLE, "The provider could not be connected to"),
    PROVIDER_UNAVAILABLE(
            "provider-unavailable",
            HttpStatus.SERVICE_UNAVAILABLE,
            "The provider failed a moment ago: no calls for a while"),
    PROVIDER_RATE_LIMITED(
            "provider-rate-limited", HttpStatus.SERVICE_UNAVAILABLE, "The provider credential's rate limit is used"),
    PROVIDER_BUSY("provider-busy", HttpStatus.SERVICE_UNAVAILABLE, "As many provider calls as allowed are in progress"),
    ORDER_BUSY("order-busy", HttpStatus.SERVICE_UNAVAILABLE, "Another request is getting the order its link"),
    STORAGE_UNAVAILABLE("storage-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "The app's database cannot be used"),
    BROKER_UNAVAILABLE("broker-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "The event log did not take the webhook"),
    PROVIDER_TIMEOUT("provider-timeout", HttpStatus.GATEWAY_TIMEOUT, "The provider did not answer in time");

    /** Where every type lives; a type is this and its slug. */
    public static final String BASE = "https://payrecon.io/problems/";

    private final String slug;
    private final HttpStatus status;
    private final String summary;

    ProblemType(String slug, HttpStatus status, String summary) {
        this.slug = slug;
        this.status = status;
        this.summary = summary;
    }

    public String slug() {
        return slug;
    }

    public HttpStatus status() {
        return status;
    }

    /** What kind of problem this is, in a few words, for documents (not the title of an answer). */
    public String summary() {
        return summary;
    }

    public URI uri() {
        return URI.create(BASE + slug);
    }

    /** A problem of this type, with its status, the answering code's title and a detail the caller can act on. */
    public ProblemDetail problem(String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(uri());
        problem.setTitle(title);
        return problem;
    }
}
