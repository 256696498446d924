package io.payrecon.requestclient;

/**
 * The provider did not give the answer a call needed: an HTTP error status, a timeout, a failed connection, or a
 * success body that could not be read. It never carries a credential: any occurrence in the provider's body is
 * redacted.
 */
public final class ProviderException extends RuntimeException {

    /** What went wrong. */
    public enum Kind {
        /** The provider answered with a status the call does not expect, see {@link #status()}. */
        HTTP_STATUS,
        /** No answer within {@code request.timeout}, connecting or reading. */
        TIMEOUT,
        /** The connection could not be made or broke: refused, unknown host, reset. */
        CONNECTION_FAILED,
        /** A success status whose body is not what the API describes. */
        INVALID_RESPONSE
    }

    private final Kind kind;
    private final String operation;
    private final int status;
    private final String providerMessage;
    private final String providerCode;
    private final String body;

    ProviderException(
            Kind kind,
            String operation,
            int status,
            String providerMessage,
            String providerCode,
            String body,
            Throwable cause) {
        this(kind, operation, status, providerMessage, providerCode, body, cause, null);
    }

    /** @param why for {@link Kind#INVALID_RESPONSE}: what in the body cannot be read, told in the message */
    ProviderException(
            Kind kind,
            String operation,
            int status,
            String providerMessage,
            String providerCode,
            String body,
            Throwable cause,
            String why) {
        super(describe(kind, operation, status, providerMessage, body, why), cause);
        this.kind = kind;
        this.operation = operation;
        this.status = status;
        this.providerMessage = providerMessage;
        this.providerCode = providerCode;
        this.body = body;
    }

    public Kind kind() {
        return kind;
    }

    /** The call, such as {@code POST /v2/secure-payments}. */
    public String operation() {
        return operation;
    }

    /** The HTTP status the provider answered with, or 0 when there was no answer (timeout, connection). */
    public int status() {
        return status;
    }

    /**
     * The provider's {@code message}, when its body had one: a string, or the entries of a list joined with
     * {@code "; "} (validation errors). Null otherwise.
     */
    public String providerMessage() {
        return providerMessage;
    }

    /** The provider's {@code code} (as in {@code {"message":"…","code":"…"}}), or null. */
    public String providerCode() {
        return providerCode;
    }

    /** The raw body of the answer (cut after a few kilobytes), or null when there was none. */
    public String body() {
        return body;
    }

    /**
     * Whether the same call may succeed later unchanged: timeouts, failed connections, 429 and 5xx. A create retried
     * after a timeout may make a second link (the API has no idempotency key): guard against that at the caller.
     */
    public boolean isRetryable() {
        return kind == Kind.TIMEOUT || kind == Kind.CONNECTION_FAILED || status == 429 || status >= 500;
    }

    private static String describe(
            Kind kind, String operation, int status, String providerMessage, String body, String why) {
        String what = switch (kind) {
            case HTTP_STATUS -> "Request Network answered " + status + " to " + operation;
            case TIMEOUT -> "Request Network did not answer " + operation + " in time";
            case CONNECTION_FAILED -> "Could not reach Request Network for " + operation;
            case INVALID_RESPONSE ->
                "Request Network answered " + status + " to " + operation + " with a body that cannot be read"
                        + (why == null ? "" : ": " + why);
        };
        if (providerMessage != null) {
            return what + ": " + providerMessage;
        }
        if (body != null && !body.isBlank() && kind == Kind.HTTP_STATUS) {
            return what + ": " + body;
        }
        return what;
    }
}
