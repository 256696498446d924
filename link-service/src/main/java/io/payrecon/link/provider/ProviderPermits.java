package io.payrecon.link.provider;

import io.payrecon.link.LinkProperties;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Bounds the requests waiting on the provider at once ({@code links.provider-concurrency}). Provider calls hold no
 * database connection, but each holds a request thread for as long as the provider takes (up to
 * {@code request.timeout} per call): without a bound, a slow provider and a flood of visits to the unauthenticated
 * {@code /pay} would tie up every server thread, and we would hit the provider with all of them at once. A request
 * that gets no place within {@code links.provider-permit-wait} is answered 503 with {@code Retry-After}, nothing done.
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
     * Runs {@code work} (provider calls) holding one place.
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
