package io.payrecon.sandbox.credential;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import org.springframework.stereotype.Component;

/**
 * The provider's rate limit: so many requests per minute per credential and caller IP, in fixed one-minute windows
 * of real time. Over it, 429 (the provider documents no {@code Retry-After}, so none is sent).
 */
@Component
class RateLimiter {

    private static final long WINDOW_NANOS = 60_000_000_000L;

    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    RateLimiter() {
        this(System::nanoTime);
    }

    RateLimiter(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    private record Window(long start, int count) {}

    /** Counts one request; false when it is over {@code perMinute} in the current window. */
    boolean admit(String credential, String ip, int perMinute) {
        long now = nanoTime.getAsLong();
        Window window = windows.compute(credential + "|" + ip, (key, current) -> {
            if (current == null || now - current.start() >= WINDOW_NANOS) {
                return new Window(now, 1);
            }
            return new Window(current.start(), current.count() + 1);
        });
        return window.count() <= perMinute;
    }
}
