package com.example.ordersystem;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings, prefix {@code order-system} (the schema of its tables, {@code order-system.schema}, is only read by
 * application.yml, for Flyway and the connection pool).
 *
 * @param statusTopic every change of every order's status: followed with the consumer group
 * @param latestTopic each order's latest status, compacted: read once, to bootstrap an empty table
 * @param bootstrapOverlap how far before the bootstrap's start the group starts on the status topic
 */
@ConfigurationProperties("order-system")
public record OrderSystemProperties(
        @DefaultValue("orders.payment-status.v1") String statusTopic,
        @DefaultValue("orders.payment-status-latest.v1") String latestTopic,
        @DefaultValue("5m") Duration bootstrapOverlap) {

    public OrderSystemProperties {
        if (bootstrapOverlap.isNegative()) {
            throw new IllegalArgumentException("order-system.bootstrap-overlap must not be negative");
        }
    }
}
