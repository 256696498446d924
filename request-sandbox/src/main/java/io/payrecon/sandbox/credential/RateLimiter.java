package io.payrecon.sandbox.credential;

import io.payrecon.sandbox.SandboxProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The provider's rate limit (request-network-api.md §1): so many requests per minute per credential and caller IP;
 * over it, 429 (no {@code Retry-After}, none is documented); "a sustained breach blocks that Client ID + IP for 5
 * minutes".
 *
 * <p><b>Counting.</b> Admitted requests are counted in one-second buckets of real time; a request is admitted when
 * the current second and the 60 before it hold fewer than the limit. So no span of 60 seconds, wherever it starts,
 * ever admits more than the limit: never kinder than a provider counting in fixed one-minute windows, which lets up to
 * twice the limit through across a window's edge (this is stricter by at most one second's worth). Refused requests
 * are not counted as used.
 *
 * <p><b>Sustained breach.</b> The provider does not define it. Here: a credential + IP that keeps calling after being
 * refused, until its refusals within the last minute (the same 61 one-second buckets) reach
 * {@code sandbox.block-refusal-ratio} of its limit (10 %: 30 at the default 300/min; at least 1), is blocked for
 * {@code sandbox.block-duration} (5 minutes; 0 turns blocking off). While blocked, every request of that credential +
 * IP answers the same 429, however little it sends; refusals during the block do not count toward the next one, and
 * the block is not extended by them. {@code GET /sandbox/rate-limits} shows each credential + IP with what it used,
 * was refused and until when it is blocked.
 */
@Component
class RateLimiter {

    private static final long SECOND = 1_000_000_000L;

    /** The current second and the 60 before it. */
    static final int BUCKETS = 61;

    /** How the last request went. */
    enum Verdict {
        ADMITTED,
        /** Over the limit. */
        REFUSED,
        /** Over the limit, and this refusal made the breach sustained: blocked from now on. */
        BLOCKED_NOW,
        /** Refused because a block is in force. */
        BLOCKED
    }

    /** One credential + IP as the control lists it. */
    record Usage(
            String credential,
            String ip,
            int limit,
            int used,
            int refused,
            int refusalsToBlock,
            Instant blockedUntil,
            int blocks) {}

    private record Key(String credential, String ip) {}

    private final ConcurrentMap<Key, Counter> counters = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private final long origin;
    private final double refusalRatio;
    private final long blockNanos;

    @Autowired
    RateLimiter(SandboxProperties properties) {
        this(System::nanoTime, properties.blockRefusalRatio(), properties.blockDuration());
    }

    RateLimiter(LongSupplier nanoTime, double refusalRatio, Duration blockDuration) {
        this.nanoTime = nanoTime;
        this.origin = nanoTime.getAsLong();
        this.refusalRatio = refusalRatio;
        this.blockNanos = blockDuration.toNanos();
    }

    /** Counts one request of {@code credential} from {@code ip}, whose limit is {@code perMinute}. */
    Verdict admit(String credential, String ip, int perMinute) {
        long now = nanoTime.getAsLong();
        Counter counter = counters.computeIfAbsent(new Key(credential, ip), key -> new Counter());
        return counter.admit(now, second(now), perMinute, refusalsToBlock(perMinute), blockNanos);
    }

    /** How many refusals within a minute block a credential whose limit is {@code perMinute}. */
    int refusalsToBlock(int perMinute) {
        return (int) Math.max(1, Math.ceil(refusalRatio * perMinute));
    }

    Duration blockDuration() {
        return Duration.ofNanos(blockNanos);
    }

    /** Every credential + IP seen in the last minutes, by credential then IP; forgets those long idle. */
    List<Usage> usage() {
        long now = nanoTime.getAsLong();
        long second = second(now);
        counters.entrySet().removeIf(entry -> entry.getValue().idle(now, second));
        Instant wallNow = Instant.now();
        return counters.entrySet().stream()
                .map(entry -> entry.getValue().usage(entry.getKey(), now, second, wallNow, this))
                .sorted(Comparator.comparing(Usage::credential).thenComparing(Usage::ip))
                .toList();
    }

    /** Forgets every count and lifts every block. */
    void reset() {
        counters.clear();
    }

    private long second(long now) {
        return Math.floorDiv(now - origin, SECOND);
    }

    /** The counts of one credential + IP: a ring of one-second buckets, and its block. */
    private static final class Counter {
        private final long[] seconds = new long[BUCKETS];
        private final int[] admitted = new int[BUCKETS];
        private final int[] refused = new int[BUCKETS];
        private int limit;
        private boolean blocked;
        private long blockedUntil;
        private int blocks;
        private long lastSecond;

        Counter() {
            Arrays.fill(seconds, Long.MIN_VALUE);
        }

        synchronized Verdict admit(long now, long second, int perMinute, int refusalsToBlock, long blockNanos) {
            limit = perMinute;
            lastSecond = second;
            if (blocked && now - blockedUntil < 0) {
                return Verdict.BLOCKED;
            }
            blocked = false;
            int bucket = bucket(second);
            if (sum(admitted, second) < perMinute) {
                admitted[bucket]++;
                return Verdict.ADMITTED;
            }
            refused[bucket]++;
            if (blockNanos > 0 && sum(refused, second) >= refusalsToBlock) {
                blocked = true;
                blockedUntil = now + blockNanos;
                blocks++;
                Arrays.fill(refused, 0);
                return Verdict.BLOCKED_NOW;
            }
            return Verdict.REFUSED;
        }

        synchronized Usage usage(Key key, long now, long second, Instant wallNow, RateLimiter limiter) {
            boolean blockedNow = blocked && now - blockedUntil < 0;
            return new Usage(
                    key.credential(),
                    key.ip(),
                    limit,
                    sum(admitted, second),
                    sum(refused, second),
                    limiter.refusalsToBlock(limit),
                    blockedNow ? wallNow.plusNanos(blockedUntil - now) : null,
                    blocks);
        }

        /** Nothing counted in the last minute and no block in force. */
        synchronized boolean idle(long now, long second) {
            return second - lastSecond >= BUCKETS && !(blocked && now - blockedUntil < 0);
        }

        /** The bucket of {@code second}, emptied first when it last counted an older second. */
        private int bucket(long second) {
            int bucket = (int) Math.floorMod(second, (long) BUCKETS);
            if (seconds[bucket] != second) {
                seconds[bucket] = second;
                admitted[bucket] = 0;
                refused[bucket] = 0;
            }
            return bucket;
        }

        /** What the current second and the 60 before it counted. */
        private int sum(int[] counts, long second) {
            int sum = 0;
            for (int i = 0; i < BUCKETS; i++) {
                if (seconds[i] > second - BUCKETS && seconds[i] <= second) {
                    sum += counts[i];
                }
            }
            return sum;
        }
    }
}
