package io.payrecon.reconciler.console;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The operator console's settings, prefix {@code reconciler.console} (a record of its own beside
 * {@code ReconcilerProperties}, so the console's settings stay in one place). Session cookie flags and the idle
 * timeout are Boot's {@code server.servlet.session.*} (application.yml).
 *
 * @param sampleEvery how often the overview takes a sample of the reconciler's figures; an hour of them is kept
 * @param gatewayMetricsUrl the webhook-gateway's Prometheus endpoint ({@code http://gateway:8082/actuator/prometheus},
 *     env {@code RECONCILER_CONSOLE_GATEWAY_METRICS_URL}), scraped at every sample for the deliveries it refused
 *     ({@code webhooks_received_total} by {@code outcome}); unset: the overview says "not configured"
 * @param signInFailures failed sign-ins per operator name before further sign-ins with that name are refused for
 *     {@code signInLockout}
 * @param signInFailuresPerAddress failed sign-ins from one remote address, whatever the names, before further sign-ins
 *     from it are refused for {@code signInLockout}; much higher than per name, since behind Docker's port publishing
 *     or an SSH tunnel every operator has the same address
 * @param signInLockout how long, from the first of those failures
 */
@Validated
@ConfigurationProperties("reconciler.console")
public record ConsoleProperties(
        @DefaultValue("15s") @NotNull Duration sampleEvery,
        URI gatewayMetricsUrl,
        @DefaultValue("5") @Min(1) int signInFailures,
        @DefaultValue("50") @Min(1) int signInFailuresPerAddress,
        @DefaultValue("15m") @NotNull Duration signInLockout) {

    public ConsoleProperties {
        if (sampleEvery != null
                && (sampleEvery.compareTo(Duration.ofSeconds(1)) < 0
                        || sampleEvery.compareTo(Duration.ofMinutes(5)) > 0)) {
            throw new IllegalArgumentException(
                    "reconciler.console.sample-every must be between 1s and 5m, was " + sampleEvery);
        }
        if (signInLockout != null && (signInLockout.isNegative() || signInLockout.isZero())) {
            throw new IllegalArgumentException("reconciler.console.sign-in-lockout must be positive");
        }
    }
}
