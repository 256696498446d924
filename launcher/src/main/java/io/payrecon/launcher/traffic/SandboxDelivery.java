package io.payrecon.launcher.traffic;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One webhook delivery as the sandbox's delivery log shows it: each attempt with the answer it got.
 *
 * @param status pending, held, retrying, delivered, failed (every attempt failed: dropped for good), dropped, or
 *     abandoned (under way when the sandbox stopped: a sandbox with a data directory does not resume it after its
 *     restart)
 * @param duplicateOf for the second delivery of the {@code new-id} duplicate fault, the first one's id
 * @param faults which sandbox faults touched it ({@code reorder}, {@code duplicate}, …)
 */
public record SandboxDelivery(
        String deliveryId,
        String event,
        String requestId,
        boolean test,
        String status,
        String duplicateOf,
        List<String> faults,
        List<Attempt> attempts) {

    private static final Set<String> FINAL = Set.of("delivered", "failed", "dropped", "abandoned");

    public SandboxDelivery {
        faults = List.copyOf(faults);
        attempts = List.copyOf(attempts);
    }

    /** @param outcome {@code HTTP 200}, {@code HTTP 503}, {@code timed out}, {@code connection refused}, … */
    public record Attempt(int retryCount, Instant at, String outcome) {

        boolean succeeded() {
            return outcome != null && outcome.startsWith("HTTP 2");
        }
    }

    /** True when the gateway answered 2xx to at least one attempt: the webhook is on the log. */
    public boolean acceptedByGateway() {
        return attempts.stream().anyMatch(Attempt::succeeded);
    }

    /** True when the sandbox will not touch it again. */
    public boolean settled() {
        return FINAL.contains(status);
    }

    /** True when at least one attempt was not answered 2xx. */
    public boolean hadFailedAttempt() {
        return attempts.stream().anyMatch(attempt -> !attempt.succeeded());
    }
}
