package io.payrecon.reconciler.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's brute-force guard: after {@code maxFailures} failed sign-ins for one operator name, or from one remote
 * address, within {@code lockout}, further sign-ins for that name or from that address are refused, right key or not,
 * until {@code lockout} has passed since the first of those failures. A success clears the name's failures (not the
 * address's). Kept in memory, per instance: a restart forgets it, and N instances allow N times as many guesses, which
 * for 256-bit random keys changes nothing; what it stops is a script hammering one name or from one address.
 *
 * <p>The price: anyone can lock an operator's name out of the console for {@code lockout} by failing with it. The
 * admin API ({@code X-Admin-Key}) is not throttled and stays available to them.
 */
final class SignInThrottle {

    /** More keys than this and the expired ones are dropped first; a flood of fresh keys is then refused as a whole. */
    static final int MAX_TRACKED = 10_000;

    private record Failures(int count, Instant firstAt) {}

    private final int maxFailures;
    private final Duration lockout;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    SignInThrottle(int maxFailures, Duration lockout, Clock clock) {
        if (maxFailures < 1 || lockout.isNegative() || lockout.isZero()) {
            throw new IllegalArgumentException("The sign-in throttle needs at least 1 failure and a positive lockout");
        }
        this.maxFailures = maxFailures;
        this.lockout = lockout;
        this.clock = clock;
    }

    /** Whether a sign-in for this name from this address is refused without looking at the key. */
    boolean refused(String name, String address) {
        Instant now = clock.instant();
        return locked(nameKey(name), now) || locked(addressKey(address), now);
    }

    void failed(String name, String address) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_TRACKED) {
            failures.values().removeIf(entry -> expired(entry, now));
        }
        count(nameKey(name), now);
        count(addressKey(address), now);
    }

    void succeeded(String name) {
        failures.remove(nameKey(name));
    }

    private void count(String key, Instant now) {
        failures.compute(
                key,
                (k, entry) -> entry == null || expired(entry, now)
                        ? new Failures(1, now)
                        : new Failures(entry.count() + 1, entry.firstAt()));
    }

    private boolean locked(String key, Instant now) {
        Failures entry = failures.get(key);
        return entry != null && !expired(entry, now) && entry.count() >= maxFailures;
    }

    private boolean expired(Failures entry, Instant now) {
        return !now.isBefore(entry.firstAt().plus(lockout));
    }

    private static String nameKey(String name) {
        return "name:" + (name == null ? "" : name);
    }

    private static String addressKey(String address) {
        return "address:" + (address == null ? "" : address);
    }
}
