package io.payrecon.outbox;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code broker} health of an app whose outbox relay publishes to Kafka: UP when the cluster answers a describe
 * within {@link #TIMEOUT}, DOWN otherwise. Meant for the readiness group: appends still commit while the broker is
 * away, but nothing reaches consumers until it is back.
 *
 * <p>The answer is kept for {@link #CACHED_FOR}, so probes from several places (kubelet, load balancer, people) do not
 * each make a round trip to the broker; concurrent probes wait for one check instead of starting their own.
 */
final class BrokerHealthIndicator implements HealthIndicator, DisposableBean {

    /** Bounded well below a typical probe timeout's multiple, so a dead broker answers DOWN, not a hung probe. */
    static final Duration TIMEOUT = Duration.ofMillis(1500);

    static final Duration CACHED_FOR = Duration.ofSeconds(1);

    private final Admin admin;
    private Health last;
    private long checkedAtNanos;

    BrokerHealthIndicator(Map<String, Object> adminSettings) {
        int timeoutMs = (int) TIMEOUT.toMillis();
        Map<String, Object> settings = new HashMap<>(adminSettings);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        settings.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        settings.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "outbox-broker-health");
        this.admin = Admin.create(settings);
    }

    @Override
    public synchronized Health health() {
        if (last == null || System.nanoTime() - checkedAtNanos >= CACHED_FOR.toNanos()) {
            last = check();
            checkedAtNanos = System.nanoTime();
        }
        return last;
    }

    /** Down without a stack trace: the relay already logs that the broker is unreachable. */
    private Health check() {
        long timeoutMs = TIMEOUT.toMillis();
        try {
            // One request answers both futures; the second get only collects what the first waited for.
            DescribeClusterResult cluster =
                    admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMs));
            int brokers = cluster.nodes().get(timeoutMs, TimeUnit.MILLISECONDS).size();
            String clusterId = cluster.clusterId().getNow(null);
            if (brokers == 0) {
                return Health.down()
                        .withDetail("error", "the cluster reports no brokers")
                        .build();
            }
            return Health.up()
                    .withDetail("clusterId", String.valueOf(clusterId))
                    .withDetail("brokers", brokers)
                    .build();
        } catch (ExecutionException e) {
            return Health.down()
                    .withDetail("error", String.valueOf(e.getCause()))
                    .build();
        } catch (TimeoutException e) {
            return Health.down()
                    .withDetail("error", "no answer from the broker within " + timeoutMs + " ms")
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("error", "interrupted").build();
        }
    }

    @Override
    public void destroy() {
        admin.close(Duration.ofSeconds(1));
    }
}
