package io.payrecon.launcher.traffic;

import io.payrecon.events.PaymentStatus;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One order the driver placed: when it meant to create it, what link-service answered, and each payment step with
 * when it was meant to happen, what the sandbox answered and when its status event arrived. Times are nanoseconds
 * since the driver started ({@link TrafficRecord#instantOf(long)} turns them into instants).
 */
public final class PlacedOrder {

    /** Where the order's creation stands. */
    public enum Creation {
        PENDING,
        CREATED,
        /** link-service never answered with a link within the driver's patience (or refused the order). */
        GAVE_UP
    }

    private final String orderId;
    private final Scenario scenario;
    private final BigDecimal amount;
    private final long intendedNanos;
    private final List<Step> steps;
    private final Set<UUID> statusEventIds = new HashSet<>();
    private Creation creation = Creation.PENDING;
    private String token;
    private int createAttempts;
    private String lastCreateProblem;
    private boolean done;

    PlacedOrder(String orderId, Scenario scenario, BigDecimal amount, long intendedNanos, long stepSpacingNanos) {
        this.orderId = orderId;
        this.scenario = scenario;
        this.amount = amount;
        this.intendedNanos = intendedNanos;
        List<Step> planned = new ArrayList<>();
        for (int i = 0; i < scenario.actions().size(); i++) {
            planned.add(new Step(scenario.actions().get(i), intendedNanos + (i + 1) * stepSpacingNanos));
        }
        this.steps = Collections.unmodifiableList(planned);
    }

    public String orderId() {
        return orderId;
    }

    public Scenario scenario() {
        return scenario;
    }

    public BigDecimal amount() {
        return amount;
    }

    public long intendedNanos() {
        return intendedNanos;
    }

    public List<Step> steps() {
        return steps;
    }

    public synchronized Creation creation() {
        return creation;
    }

    /** The sandbox token of the link link-service answered with; null until created. */
    public synchronized String token() {
        return token;
    }

    public synchronized int createAttempts() {
        return createAttempts;
    }

    public synchronized String lastCreateProblem() {
        return lastCreateProblem;
    }

    /** True once every step was made (or creation was given up). */
    public synchronized boolean done() {
        return done;
    }

    synchronized int createAttempted() {
        return ++createAttempts;
    }

    synchronized void created(String token) {
        this.token = token;
        this.creation = Creation.CREATED;
    }

    synchronized void createFailed(String problem) {
        this.lastCreateProblem = problem;
    }

    synchronized void gaveUp() {
        this.creation = Creation.GAVE_UP;
        this.done = true;
    }

    synchronized void finished() {
        this.done = true;
    }

    /**
     * Notes a status event of this order; answers the step it completes: the first step that leads to that status
     * and has not seen its event yet. A republished event (same id) completes nothing.
     */
    synchronized Optional<Step> statusEvent(UUID eventId, PaymentStatus status, long arrivedNanos) {
        if (!statusEventIds.add(eventId)) {
            return Optional.empty();
        }
        for (Step step : steps) {
            if (step.action().leadsTo() == status && step.statusEventNanos == 0) {
                step.statusEventNanos = arrivedNanos;
                return Optional.of(step);
            }
        }
        return Optional.empty();
    }

    /** One control call on the sandbox for this order. */
    public static final class Step {
        private final Scenario.Action action;
        private final long intendedNanos;
        private volatile int httpStatus;
        private volatile String problem;
        private volatile long answeredNanos;
        private volatile long statusEventNanos;
        private volatile List<String> deliveryIds = List.of();

        Step(Scenario.Action action, long intendedNanos) {
            this.action = action;
            this.intendedNanos = intendedNanos;
        }

        public Scenario.Action action() {
            return action;
        }

        public long intendedNanos() {
            return intendedNanos;
        }

        /** The sandbox's answer; 0 when there was none (not made, or the call failed). */
        public int httpStatus() {
            return httpStatus;
        }

        public String problem() {
            return problem;
        }

        public long answeredNanos() {
            return answeredNanos;
        }

        /** When the status event this step leads to arrived on the topic; 0 when it did not (yet). */
        public long statusEventNanos() {
            return statusEventNanos;
        }

        /** The deliveries the sandbox started for this step (core event and variants). */
        public List<String> deliveryIds() {
            return deliveryIds;
        }

        void answered(int status, List<String> deliveries, long atNanos) {
            this.httpStatus = status;
            this.deliveryIds = List.copyOf(deliveries);
            this.answeredNanos = atNanos;
        }

        void failed(String why, long atNanos) {
            this.problem = why;
            this.answeredNanos = atNanos;
        }
    }
}
