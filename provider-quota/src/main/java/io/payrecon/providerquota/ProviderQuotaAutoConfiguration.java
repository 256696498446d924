package io.payrecon.providerquota;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.payrecon.requestclient.RequestNetworkProperties;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The quota of the app's provider credential ({@code request.api-key}, else {@code request.client-id}), in any app
 * with a DataSource that uses this module: its tables migrated, one {@link ProviderQuota}.
 */
@AutoConfiguration(
        after = {
            DataSourceAutoConfiguration.class,
            DataSourceTransactionManagerAutoConfiguration.class,
            FlywayAutoConfiguration.class
        })
@ConditionalOnBean(DataSource.class)
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
        if (!request.hasCredential()) {
            throw new IllegalArgumentException("No Request Network credential is configured: set request.api-key "
                    + "(env REQUEST_API_KEY) or request.client-id (env REQUEST_CLIENT_ID)");
        }
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
}
