package io.payrecon.platform;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.core.env.Environment;

/**
 * The {@code broker} health of an app that writes to Kafka: UP when the cluster answers within the timeout (and, when
 * the app names one, has the topic it writes to), DOWN otherwise, without a stack trace in the log: the app's producer
 * already logs that the broker is unreachable. Every app shows it in {@code /actuator/health}; only an app that cannot
 * serve without the broker (the gateway) puts it in its readiness group.
 *
 * <p>The answer is kept for {@link #CACHED_FOR}, so probes from several places (kubelet, load balancer, people) do not
 * each make a round trip to the broker; concurrent probes wait for one check instead of starting their own.
 */
public final class BrokerHealthIndicator implements HealthIndicator, DisposableBean {

    static final Duration CACHED_FOR = Duration.ofSeconds(1);

    private final Admin admin;
    private final long timeoutMs;
    private final String topic;
    private Health last;
    private long checkedAtNanos;

    /**
     * @param adminSettings the app's Kafka admin settings (bootstrap servers, security)
     * @param timeout how long a check waits: well below the probe's timeout, so a dead broker answers DOWN, not a hung
     *     probe
     * @param clientId the check's client id, in the broker's logs
     * @param topic the topic the app cannot work without, or {@code null}
     */
    public BrokerHealthIndicator(Map<String, Object> adminSettings, Duration timeout, String clientId, String topic) {
        this.timeoutMs = timeout.toMillis();
        this.topic = topic;
        Map<String, Object> settings = new HashMap<>(adminSettings);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeoutMs);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs);
        settings.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        settings.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        this.admin = Admin.create(settings);
    }

    /**
     * Refuses to start without a configured broker: Spring Boot's default, {@code localhost:9092}, is right only on a
     * developer's machine, and an app that silently waits for it in production looks healthy until its writes fail or
     * its outbox fills up.
     */
    public static void requireConfigured(Environment environment) {
        String servers = environment.getProperty("spring.kafka.bootstrap-servers");
        if (servers == null || servers.isBlank()) {
            throw new IllegalStateException("No Kafka broker configured: set SPRING_KAFKA_BOOTSTRAP_SERVERS"
                    + " (spring.kafka.bootstrap-servers) to the brokers' host:port list. Without it the app would"
                    + " wait for localhost:9092.");
        }
    }

    @Override
    public synchronized Health health() {
        if (last == null || System.nanoTime() - checkedAtNanos >= CACHED_FOR.toNanos()) {
            last = check();
            checkedAtNanos = System.nanoTime();
        }
        return last;
    }

    private Health check() {
        try {
            // One request answers both futures; the second get only collects what the first waited for.
            DescribeClusterResult cluster =
                    admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMs));
            int brokers = cluster.nodes().get(timeoutMs, TimeUnit.MILLISECONDS).size();
            if (brokers == 0) {
                return Health.down()
                        .withDetail("error", "the cluster reports no brokers")
                        .build();
            }
            Health.Builder up = Health.up()
                    .withDetail("clusterId", String.valueOf(cluster.clusterId().getNow(null)))
                    .withDetail("brokers", brokers);
            if (topic != null) {
                TopicDescription described = admin.describeTopics(
                                List.of(topic), new DescribeTopicsOptions().timeoutMs((int) timeoutMs))
                        .topicNameValues()
                        .get(topic)
                        .get(timeoutMs, TimeUnit.MILLISECONDS);
                up.withDetail("topic", described.name())
                        .withDetail("partitions", described.partitions().size());
            }
            return up.build();
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
