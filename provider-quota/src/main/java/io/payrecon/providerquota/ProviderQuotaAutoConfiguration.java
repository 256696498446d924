package io.payrecon.providerquota;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.payrecon.requestclient.RequestNetworkProperties;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The quota of the app's provider credential ({@code request.api-key}, else {@code request.client-id}), in any app
 * with a DataSource that uses this module and has a credential: its tables migrated, one {@link ProviderQuota}. An
 * app that needs the provider and has no credential is refused at start by its provider client, which says which
 * settings are missing.
 */
@AutoConfiguration(
        after = {
            DataSourceAutoConfiguration.class,
            DataSourceTransactionManagerAutoConfiguration.class,
            FlywayAutoConfiguration.class
        })
@ConditionalOnBean(DataSource.class)
@Conditional(ProviderQuotaAutoConfiguration.HasCredential.class)
@EnableConfigurationProperties({ProviderQuotaProperties.class, RequestNetworkProperties.class})
public class ProviderQuotaAutoConfiguration {

    @Bean
    @DependsOnDatabaseInitialization
    ProviderQuota providerQuota(
            DataSource dataSource,
            PlatformTransactionManager transactionManager,
            RequestNetworkProperties request,
            ProviderQuotaProperties properties,
            ObjectProvider<MeterRegistry> meters) {
        QuotaSchema.migrate(dataSource);
        TransactionTemplate ownTransactions = new TransactionTemplate(transactionManager);
        ownTransactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        return new ProviderQuota(
                request.apiKey() != null ? request.apiKey() : request.clientId(),
                properties,
                JdbcClient.create(dataSource),
                ownTransactions,
                meters.getIfAvailable(CompositeMeterRegistry::new));
    }

    /** Whether {@code request.api-key} or {@code request.client-id} is set (not blank). */
    static final class HasCredential implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return Stream.of("request.api-key", "request.client-id")
                    .map(name -> context.getEnvironment().getProperty(name))
                    .anyMatch(value -> value != null && !value.isBlank());
        }
    }
}
