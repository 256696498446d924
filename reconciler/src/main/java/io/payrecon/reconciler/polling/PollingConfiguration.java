package io.payrecon.reconciler.polling;

import io.payrecon.requestclient.RequestNetworkClient;
import io.payrecon.requestclient.RequestNetworkProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The provider client the poller uses, bound from {@code request.*}. Polling is on by default, so the reconciler
 * refuses to start without {@code REQUEST_API_KEY} (or {@code REQUEST_CLIENT_ID}), unless
 * {@code reconciler.polling.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(RequestNetworkProperties.class)
class PollingConfiguration {

    @Bean
    @ConditionalOnBooleanProperty(name = "reconciler.polling.enabled", matchIfMissing = true)
    RequestNetworkClient requestNetworkClient(RequestNetworkProperties properties) {
        return new RequestNetworkClient(properties);
    }
}
