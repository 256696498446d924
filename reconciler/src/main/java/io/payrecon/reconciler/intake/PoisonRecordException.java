package io.payrecon.reconciler.intake;

/**
 * A record that cannot be applied as it is (unreadable, invalid): retrying cannot help, so the error handler sends it
 * to its dead-letter topic at once. Marked not retryable in {@link FailurePolicy}.
 */
class PoisonRecordException extends RuntimeException {

    PoisonRecordException(String reason) {
        super(reason);
    }
}
