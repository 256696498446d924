package io.payrecon.sandbox.fault;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;

/**
 * The fault the provider API ({@code /v2}) shows right now, if any: answer an error status, answer only after a
 * delay longer than the caller's timeout, or answer 429, for the next {@code calls} calls or a share of all calls.
 */
@Component
class ApiFaults {

    enum Kind {
        /** Answer {@code status} (5xx) in the provider's error shape. */
        ERROR,
        /** Wait {@code delay}, then handle the call as usual: the caller has given up, the effect still happens. */
        TIMEOUT,
        /** Answer 429 as if the credential were over its rate limit. */
        RATE_LIMIT
    }

    /**
     * @param status for {@link Kind#ERROR}
     * @param delay for {@link Kind#TIMEOUT}
     * @param calls how many calls it strikes before it ends; null until reset
     * @param percent the share of calls it strikes, 1 to 100
     */
    record Fault(Kind kind, int status, Duration delay, Integer calls, int percent) {}

    private Fault fault;
    private Integer callsLeft;

    synchronized void set(Fault fault) {
        this.fault = fault;
        this.callsLeft = fault.calls();
    }

    synchronized void reset() {
        fault = null;
        callsLeft = null;
    }

    /** The fault in force, with {@code calls} being what is left. */
    synchronized Optional<Fault> current() {
        return Optional.ofNullable(fault)
                .map(now -> new Fault(now.kind(), now.status(), now.delay(), callsLeft, now.percent()));
    }

    /** Whether this call is struck, and by what. */
    synchronized Optional<Fault> strike() {
        if (fault == null || ThreadLocalRandom.current().nextInt(100) >= fault.percent()) {
            return Optional.empty();
        }
        Fault striking = fault;
        if (callsLeft != null && --callsLeft <= 0) {
            reset();
        }
        return Optional.of(striking);
    }
}
