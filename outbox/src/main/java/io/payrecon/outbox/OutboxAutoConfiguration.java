package io.payrecon.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.payrecon.platform.BrokerHealthIndicator;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the outbox into any app with a DataSource and Kafka: migrations, {@link Outbox}, relay, metrics. */
@AutoConfiguration(
        after = {
            DataSourceAutoConfiguration.class,
            DataSourceTransactionManagerAutoConfiguration.class,
            FlywayAutoConfiguration.class,
            KafkaAutoConfiguration.class
        })
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxAutoConfiguration {

    private static final AtomicInteger PRODUCERS = new AtomicInteger();

    /** The table, created or migrated before anything uses it and after the application's own migrations. */
    @Bean
    @DependsOnDatabaseInitialization
    OutboxRecords outboxRecords(DataSource dataSource, OutboxProperties properties, Environment environment) {
        String schema = schema(dataSource, properties, environment);
        OutboxSchema.migrate(dataSource, schema);
        return new OutboxRecords(dataSource, schema);
    }

    @Bean
    OutboxMetrics outboxMetrics(ObjectProvider<MeterRegistry> registry, OutboxRecords records) {
        return new OutboxMetrics(registry.getIfAvailable(CompositeMeterRegistry::new), records);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "outbox.enabled", matchIfMissing = true)
    OutboxRelay outboxRelay(
            OutboxRecords records,
            OutboxMetrics metrics,
            OutboxProperties properties,
            PlatformTransactionManager transactionManager,
            KafkaProperties kafkaProperties,
            ObjectProvider<KafkaConnectionDetails> connectionDetails) {
        Map<String, Object> settings = kafkaProperties.buildProducerProperties();
        connectionDetails.ifAvailable(details ->
                settings.put("bootstrap.servers", details.getProducer().getBootstrapServers()));
        settings.remove("transactional.id");
        // A relay round sends a batch read from the table at once and waits for its acknowledgement: the batch is
        // formed already, so waiting linger.ms (5 ms by default since Kafka 4.0) for more records only delays it.
        settings.putIfAbsent("linger.ms", 0);
        settings.putAll(RecordPublisher.requiredSettings(properties.publishTimeout()));
        IntFunction<RecordPublisher> publishers = lane -> new RecordPublisher(
                () -> {
                    Map<String, Object> producerSettings = new HashMap<>(settings);
                    producerSettings.put(
                            "client.id",
                            "outbox-relay-" + records.schema() + "-" + lane + "-" + PRODUCERS.incrementAndGet());
                    return new KafkaProducer<>(producerSettings);
                },
                properties.publishTimeout(),
                properties.copyTopics());
        TransactionTemplate transactions = new TransactionTemplate(transactionManager);
        transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        HaltBeforePublish crashHook =
                new HaltBeforePublish(properties.chaos().haltBeforePublish(), HaltBeforePublish.Halter.RUNTIME);
        return new OutboxRelay(records, publishers, transactions, metrics, properties, crashHook);
    }

    @Bean
    Outbox outbox(
            OutboxRecords records,
            DataSource dataSource,
            OutboxProperties properties,
            Environment environment,
            ObjectProvider<OutboxRelay> relay) {
        BrokerHealthIndicator.requireConfigured(environment);
        OutboxRelay localRelay = relay.getIfAvailable();
        LongConsumer wakeUp = localRelay == null ? slots -> {} : localRelay::wakeUp;
        return new Outbox(records, dataSource, source(properties, environment), wakeUp);
    }

    /**
     * The {@code broker} health (for the readiness group of an app that cannot serve without the broker, and for
     * everyone's {@code /actuator/health}), when the app has Actuator's health support and Kafka is configured;
     * {@code management.health.broker.enabled=false} turns it off, and an app's own {@code brokerHealthIndicator} bean
     * replaces it.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @ConditionalOnBean(KafkaAdmin.class)
    @ConditionalOnEnabledHealthIndicator("broker")
    static class BrokerHealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "brokerHealthIndicator")
        BrokerHealthIndicator brokerHealthIndicator(KafkaAdmin kafkaAdmin) {
            return new BrokerHealthIndicator(
                    kafkaAdmin.getConfigurationProperties(), Duration.ofMillis(1500), "outbox-broker-health", null);
        }
    }

    /**
     * The {@code outbox} health (the backlog, for {@code /actuator/health}'s details, never for readiness), when the app
     * has Actuator's health support; {@code management.health.outbox.enabled=false} turns it off.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @ConditionalOnEnabledHealthIndicator("outbox")
    static class OutboxHealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "outboxHealthIndicator")
        OutboxHealthIndicator outboxHealthIndicator(OutboxRecords records) {
            return new OutboxHealthIndicator(records);
        }
    }

    private static String source(OutboxProperties properties, Environment environment) {
        if (properties.source() != null && !properties.source().isBlank()) {
            return properties.source();
        }
        String application = environment.getProperty("spring.application.name");
        if (application == null || application.isBlank()) {
            throw new IllegalStateException(
                    "Set outbox.source (the ce_source of published events, such as /link-service) "
                            + "or spring.application.name");
        }
        return "/" + application;
    }

    private static String schema(DataSource dataSource, OutboxProperties properties, Environment environment) {
        if (properties.schema() != null && !properties.schema().isBlank()) {
            return properties.schema();
        }
        Binder binder = Binder.get(environment);
        List<String> flywaySchemas = binder.bind("spring.flyway.schemas", Bindable.listOf(String.class))
                .orElse(List.of());
        if (!flywaySchemas.isEmpty()) {
            return flywaySchemas.get(0);
        }
        String hikariSchema =
                binder.bind("spring.datasource.hikari.schema", String.class).orElse(null);
        if (hikariSchema != null && !hikariSchema.isBlank()) {
            return hikariSchema;
        }
        return JdbcClient.create(dataSource)
                .sql("SELECT current_schema()")
                .query(String.class)
                .optional()
                .orElseThrow(() -> new IllegalStateException(
                        "Cannot tell which schema the outbox table belongs in: set outbox.schema"));
    }
}
