package io.payrecon.link.provider;

import io.payrecon.link.LinkProperties;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Bounds the transactions that may call the provider. Such a transaction holds a pooled database connection, and
 * the order's row lock, for as long as the provider takes (up to {@code request.timeout} per call), and so does every
 * request queued behind that lock. Without a bound, a slow provider and a handful of visits to the unauthenticated
 * {@code /pay} would take every connection of the pool, starving the status listener, the expiry sweep, the outbox
 * relay and every read. With it, at most {@code links.provider-concurrency} connections wait on the provider; a
 * request that gets no place within {@code links.provider-permit-wait} is answered 503 with {@code Retry-After}
 * before it takes a connection.
 */
@Component
public class ProviderPermits {

    private final Semaphore permits;
    private final Duration wait;

    ProviderPermits(LinkProperties properties) {
        this.permits = new Semaphore(properties.providerConcurrency(), true);
        this.wait = properties.providerPermitWait();
    }

    /**
     * Runs {@code work} (a transaction that may call the provider) holding one place.
     *
     * @param purpose what the work is, for the answer when there is no place
     * @throws ProviderBusyException when no place became free in time; {@code work} did not run
     */
    public <T> T run(String purpose, Supplier<T> work) {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderBusyException(purpose, e);
        }
        if (!acquired) {
            throw new ProviderBusyException(purpose, null);
        }
        try {
            return work.get();
        } finally {
            permits.release();
        }
    }
}
