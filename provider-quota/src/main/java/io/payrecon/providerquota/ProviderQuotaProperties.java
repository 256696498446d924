package io.payrecon.providerquota;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The provider credential's quota, prefix {@code request.quota} (env {@code REQUEST_QUOTA_PER_MINUTE}, ...). Every app
 * and instance using the same credential must be configured alike: they share one count.
 *
 * @param perMinute the provider's tier for the credential: requests per minute (request-network-api.md §1: 300 by
 *     default, tiers from 120 to 1,200)
 * @param headroomPercent how much of the tier is kept out of what is planned: checkout and polling together plan
 *     within the tier less this ({@link #usable()}); only checkout may go past it, to make up places polling took that
 *     checkout turned out to need, and never past {@link #ceiling()}
 * @param checkoutReservePercent how much of the tier polling always leaves free for link creation, at least; polling
 *     also leaves what creation used in the last minute and its rate in its busiest five seconds of it, plus a
 *     quarter, and takes its share evenly over the minute
 * @param backoff how long no call is made after the provider answered 429; doubles while 429s follow each other,
 *     up to {@link #LONGEST_BACKOFF} (the provider blocks a sustained breach for five minutes)
 */
@ConfigurationProperties("request.quota")
public record ProviderQuotaProperties(
        @DefaultValue("300") int perMinute,
        @DefaultValue("10") int headroomPercent,
        @DefaultValue("20") int checkoutReservePercent,
        @DefaultValue("30s") Duration backoff) {

    /** How long the provider blocks a credential after a sustained breach (request-network-api.md §1). */
    public static final Duration LONGEST_BACKOFF = Duration.ofMinutes(5);

    public ProviderQuotaProperties {
        if (perMinute < 1) {
            throw new IllegalArgumentException(
                    "request.quota.per-minute (REQUEST_QUOTA_PER_MINUTE) must be at least 1, was " + perMinute);
        }
        if (headroomPercent < 0 || headroomPercent > 50) {
            throw new IllegalArgumentException("request.quota.headroom-percent must be 0..50, was " + headroomPercent);
        }
        if (checkoutReservePercent < 0 || checkoutReservePercent > 90) {
            throw new IllegalArgumentException(
                    "request.quota.checkout-reserve-percent must be 0..90, was " + checkoutReservePercent);
        }
        backoff = backoff == null ? Duration.ofSeconds(30) : backoff;
        if (backoff.isNegative() || backoff.isZero() || backoff.compareTo(LONGEST_BACKOFF) > 0) {
            throw new IllegalArgumentException("request.quota.backoff must be positive and at most 5m, was " + backoff);
        }
    }

    /** The calls any minute may hold: the tier less the headroom (at least one). */
    int usable() {
        return Math.max(1, perMinute * (100 - headroomPercent) / 100);
    }

    /**
     * The calls any minute may hold in all: the tier less 2 % (at least one call), a margin for calls counted in one
     * second of our clock and arriving at the provider a moment later.
     */
    int ceiling() {
        return Math.max(usable(), perMinute - Math.max(1, perMinute / 50));
    }

    /** What polling always leaves free for creation, at least. */
    int checkoutReserve() {
        return (int) Math.ceil(perMinute * checkoutReservePercent / 100.0);
    }

    /** The pause after the {@code strikes}-th 429 in a row: doubling from {@link #backoff}, at most five minutes. */
    Duration backoffAfter(int strikes) {
        Duration pause = backoff.multipliedBy(1L << Math.min(Math.max(strikes - 1, 0), 16));
        return pause.compareTo(LONGEST_BACKOFF) > 0 ? LONGEST_BACKOFF : pause;
    }
}
