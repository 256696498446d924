package io.payrecon.sandbox.latency;

import io.payrecon.sandbox.RoutedPath;
import io.payrecon.sandbox.SandboxProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Makes the provider API as slow as a round trip to a distant API, by default: {@code POST /v2/secure-payments}
 * waits a time drawn from {@code sandbox.latency.create}, the reads ({@code GET /v2/request/{requestId}},
 * {@code GET /v2/secure-payments/{token}}, {@code GET /v2/payments}) from {@code sandbox.latency.read}, each a
 * {@link LogNormal} fitted to a median and a p99.
 *
 * <p>The wait comes after the credential and rate-limit checks (this filter runs after them and only for calls they
 * let through): a 401 or a 429 from the provider's edge is quick, and a throttled client is not slowed further. The
 * whole round trip is waited before the call is handled, so a client that gives up during the wait leaves nothing
 * behind; to test a create that times out yet still makes a link, use the API timeout fault.
 *
 * <p>The sandbox serves each request on a virtual thread of its own (the platform module's
 * {@code VirtualThreadPerRequest}), so a waiting call parks its virtual thread and holds no platform thread:
 * thousands can wait at once. Should a request ever run on a platform thread, this says so once in the log.
 */
@Component
class LatencyFilter extends OncePerRequestFilter implements Ordered {

    private static final Logger log = LoggerFactory.getLogger(LatencyFilter.class);

    /** After the API faults and the credential filter. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 30;

    private static final PathPattern CREATE = RoutedPath.pattern("/v2/secure-payments");
    private static final List<PathPattern> READS = List.of(
            RoutedPath.pattern("/v2/request/{requestId}"),
            RoutedPath.pattern("/v2/secure-payments/{token}"),
            RoutedPath.pattern("/v2/payments"));
    private static final PathPattern PROVIDER_API = RoutedPath.pattern("/v2/**");

    private final LogNormal create;
    private final LogNormal read;
    private final AtomicBoolean warnedOfPlatformThread = new AtomicBoolean();

    LatencyFilter(SandboxProperties properties) {
        this.create = logNormal(properties.latency().create());
        this.read = logNormal(properties.latency().read());
        log.info(
                "Provider API latency: create {}, reads {}",
                create.off() ? "off" : "median " + create.median() + ", p99 " + create.p99(),
                read.off() ? "off" : "median " + read.median() + ", p99 " + read.p99());
    }

    private static LogNormal logNormal(SandboxProperties.Spread spread) {
        return new LogNormal(spread.median(), spread.p99());
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !RoutedPath.matches(request, PROVIDER_API);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        LogNormal latency = latencyOf(request);
        Duration wait = latency == null ? Duration.ZERO : latency.sample(ThreadLocalRandom.current());
        if (!wait.isZero()) {
            if (!Thread.currentThread().isVirtual() && warnedOfPlatformThread.compareAndSet(false, true)) {
                log.warn(
                        "Provider API latency waits on a platform thread ({}): requests should run on virtual"
                                + " threads",
                        Thread.currentThread().getName());
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private LogNormal latencyOf(HttpServletRequest request) {
        String method = request.getMethod();
        if ("POST".equals(method) && RoutedPath.matches(request, CREATE)) {
            return create;
        }
        if ("GET".equals(method) && READS.stream().anyMatch(pattern -> RoutedPath.matches(request, pattern))) {
            return read;
        }
        return null;
    }
}
