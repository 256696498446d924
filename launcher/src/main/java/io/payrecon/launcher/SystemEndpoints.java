package io.payrecon.launcher;

import io.payrecon.events.Principal;
import java.util.Map;

/**
 * Where the parts of a running system are and the development secrets to call them with: what the traffic driver,
 * the ledger check and the benchmark need, whether the system was started by a test or by {@code ./pipeline up}.
 *
 * @param kafkaAdmin a Kafka client's settings as devstack's super-user: for reading any topic and group offsets
 * @param kafkaOrderSystem a Kafka client's settings as an order system: for reading status events as they do
 */
public record SystemEndpoints(
        String linkServiceUrl,
        String webhookGatewayUrl,
        String reconcilerUrl,
        String sandboxUrl,
        String kafkaBootstrapServers,
        Map<String, Object> kafkaAdmin,
        Map<String, Object> kafkaOrderSystem,
        String jdbcUrl,
        String databaseUser,
        String databasePassword,
        String apiKey,
        String webhookSecret) {

    public static SystemEndpoints of(LocalSystem system) {
        return new SystemEndpoints(
                system.url(App.LINK_SERVICE),
                system.url(App.WEBHOOK_GATEWAY),
                system.url(App.RECONCILER),
                system.url(App.REQUEST_SANDBOX),
                system.infrastructure().kafkaBootstrapServers(),
                system.infrastructure().adminClientProperties(),
                system.infrastructure().clientProperties(Principal.ORDER_SYSTEM),
                system.infrastructure().jdbcUrl(),
                system.infrastructure().databaseUser(),
                system.infrastructure().databasePassword(),
                system.credentials().apiKey(),
                system.credentials().webhookSecret());
    }

    /** The {@code X-Api-Key} header of link-service and the reconciler. */
    public Map<String, String> apiKeyHeader() {
        return Map.of("X-Api-Key", apiKey);
    }

    /** Names the places, never the secrets. */
    @Override
    public String toString() {
        return "SystemEndpoints[link-service=%s, webhook-gateway=%s, reconciler=%s, sandbox=%s, kafka=%s, db=%s]"
                .formatted(
                        linkServiceUrl, webhookGatewayUrl, reconcilerUrl, sandboxUrl, kafkaBootstrapServers, jdbcUrl);
    }
}
