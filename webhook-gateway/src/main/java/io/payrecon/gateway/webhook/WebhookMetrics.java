package io.payrecon.gateway.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/** {@code webhooks.received} (a counter per outcome) and {@code webhooks.ingest} (latency per outcome). */
@Component
class WebhookMetrics {

    /** How a delivery ended; the {@code outcome} tag of both meters. */
    enum Outcome {
        ACCEPTED,
        BAD_SIGNATURE,
        TOO_LARGE,
        UNSUPPORTED_TYPE,
        /** The client stopped sending the body (read timeout) or went away before it was complete. */
        INCOMPLETE_BODY,
        BROKER_UNAVAILABLE;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Map<Outcome, Counter> received = new EnumMap<>(Outcome.class);
    private final Map<Outcome, Timer> ingest = new EnumMap<>(Outcome.class);

    WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Registered up front, so every outcome is exported (as 0) before it first happens.
        for (Outcome outcome : Outcome.values()) {
            received.put(
                    outcome,
                    Counter.builder("webhooks.received")
                            .description("Webhook deliveries received, by outcome")
                            .tag("outcome", outcome.tag())
                            .register(registry));
            ingest.put(
                    outcome,
                    Timer.builder("webhooks.ingest")
                            .description("Time from receiving a webhook to answering it, by outcome")
                            .tag("outcome", outcome.tag())
                            .register(registry));
        }
    }

    Timer.Sample start() {
        return Timer.start(registry);
    }

    void record(Timer.Sample sample, Outcome outcome) {
        received.get(outcome).increment();
        sample.stop(ingest.get(outcome));
    }
}
