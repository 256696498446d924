package io.payrecon.sandbox.journal;

/**
 * A store that is rebuilt from the journal at startup: it receives its facts in the order they were written, before
 * any request is served, and applies them without journaling them again.
 *
 * @param <F> the feature's sealed interface of facts, whose {@code @JsonSubTypes} names say which lines are its own
 */
public interface Replayer<F extends Fact> {

    Class<F> facts();

    void replay(F fact);

    /** Called once every fact was replayed and the journal is open for appending again. */
    default void replayed() {}
}
