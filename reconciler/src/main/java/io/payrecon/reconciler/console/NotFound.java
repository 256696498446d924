package io.payrecon.reconciler.console;

/** A console page about something that does not exist (an unknown order, dead letter or delivery): a 404 page. */
public final class NotFound extends RuntimeException {

    public NotFound(String message) {
        super(message);
    }
}
