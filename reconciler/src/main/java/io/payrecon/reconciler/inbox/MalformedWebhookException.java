package io.payrecon.reconciler.inbox;

/** A delivery whose body cannot be applied as it is: it goes to the dead letters, never retried. */
public class MalformedWebhookException extends RuntimeException {

    public MalformedWebhookException(String message) {
        super(message);
    }

    public MalformedWebhookException(String message, Throwable cause) {
        super(message, cause);
    }
}
