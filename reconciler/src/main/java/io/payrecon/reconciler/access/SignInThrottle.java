package io.payrecon.reconciler.access;

import io.payrecon.reconciler.ReconcilerProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's brute-force guard. Every sign-in attempt is counted, before its key is looked at, against the
 * operator name and against the remote address, atomically with the check ({@link ConcurrentHashMap#compute}), so a
 * parallel burst gets no more attempts through than a sequential one. After {@code perName} attempts that were not
 * successes for one name, or {@code perAddress} from one address, within {@code lockout}, further sign-ins for that
 * name or from that address are refused, right key or not, until {@code lockout} has passed since the first of them.
 * A success clears the name's count and takes its own attempt off the address's count.
 *
 * <p>The limit per address is much higher than per name: behind Docker's port publishing or an SSH tunnel every
 * operator has the same remote address, and five mistyped keys must not lock everyone out during an incident.
 *
 * <p>Bounded: a name that no operator can have (not 1 to 64 of {@code A-Z a-z 0-9 . _ @ -}, as in {@code
 * ADMIN_OPERATORS}) is counted under one shared key, never as sent; at most {@code maxTracked} keys are kept, and when
 * the map is still full after dropping the expired ones every sign-in is refused (and logged) until some expire.
 * Kept in memory, per instance: a restart forgets it, and N instances allow N times as many guesses, which for 256-bit
 * random keys changes nothing; what it stops is a script hammering one name or from one address.
 *
 * <p>The price: anyone can lock an operator's name out of the console for {@code lockout} by failing with it. The
 * admin API ({@code X-Admin-Key}) is not throttled and stays available to them.
 */
final class SignInThrottle {

    private static final Logger log = LoggerFactory.getLogger(SignInThrottle.class);

    /** More keys than this and the expired ones are dropped first; if still full, every sign-in is refused. */
    static final int MAX_TRACKED = 10_000;

    /** The one key every name that no operator can have is counted under. */
    static final String IMPLAUSIBLE_NAME = "name-implausible";

    private record Attempts(int count, Instant firstAt) {}

    private final int perName;
    private final int perAddress;
    private final Duration lockout;
    private final Clock clock;
    private final int maxTracked;
    private final Map<String, Attempts> attempts = new ConcurrentHashMap<>();
    private final AtomicBoolean full = new AtomicBoolean();

    SignInThrottle(int perName, int perAddress, Duration lockout, Clock clock) {
        this(perName, perAddress, lockout, clock, MAX_TRACKED);
    }

    SignInThrottle(int perName, int perAddress, Duration lockout, Clock clock, int maxTracked) {
        if (perName < 1 || perAddress < 1 || maxTracked < 2 || lockout.isNegative() || lockout.isZero()) {
            throw new IllegalArgumentException("The sign-in throttle needs at least 1 attempt and a positive lockout");
        }
        this.perName = perName;
        this.perAddress = perAddress;
        this.lockout = lockout;
        this.clock = clock;
        this.maxTracked = maxTracked;
    }

    /**
     * Counts a sign-in attempt for this name from this address, and answers whether it may go on to have its key
     * looked at: false when the name or the address is locked out, or the throttle is full.
     */
    boolean admit(String name, String address) {
        Instant now = clock.instant();
        if (attempts.size() >= maxTracked) {
            attempts.values().removeIf(entry -> expired(entry, now));
            if (attempts.size() >= maxTracked) {
                if (full.compareAndSet(false, true)) {
                    log.warn(
                            "Console sign-ins refused: {} names and addresses with failed sign-ins in the last {}, "
                                    + "the most the throttle keeps; refusing every sign-in until some expire",
                            attempts.size(),
                            lockout);
                }
                return false;
            }
        }
        if (full.compareAndSet(true, false)) {
            log.info("Console sign-ins accepted again: the sign-in throttle has room");
        }
        String addressKey = addressKey(address);
        if (!count(addressKey, perAddress, now)) {
            return false;
        }
        if (!count(nameKey(name), perName, now)) {
            uncount(addressKey); // refused for its name: not held against everyone behind the same address
            return false;
        }
        return true;
    }

    /** The attempt {@link #admit admitted} had the right key: the name's count is cleared, the address's undone. */
    void succeeded(String name, String address) {
        attempts.remove(nameKey(name));
        uncount(addressKey(address));
    }

    /** Counts one attempt under {@code key} unless it is already at {@code max}; whether it was counted. */
    private boolean count(String key, int max, Instant now) {
        boolean[] counted = {false};
        attempts.compute(key, (k, entry) -> {
            if (entry == null || expired(entry, now)) {
                counted[0] = true;
                return new Attempts(1, now);
            }
            if (entry.count() >= max) {
                return entry;
            }
            counted[0] = true;
            return new Attempts(entry.count() + 1, entry.firstAt());
        });
        return counted[0];
    }

    private void uncount(String key) {
        attempts.computeIfPresent(
                key, (k, entry) -> entry.count() <= 1 ? null : new Attempts(entry.count() - 1, entry.firstAt()));
    }

    private boolean expired(Attempts entry, Instant now) {
        return !now.isBefore(entry.firstAt().plus(lockout));
    }

    int tracked() {
        return attempts.size();
    }

    private static String nameKey(String name) {
        return ReconcilerProperties.isOperatorName(name) ? "name:" + name : IMPLAUSIBLE_NAME;
    }

    private static String addressKey(String address) {
        String printable = address == null ? "" : address;
        return "address:" + (printable.length() > 64 ? printable.substring(0, 64) : printable);
    }
}
