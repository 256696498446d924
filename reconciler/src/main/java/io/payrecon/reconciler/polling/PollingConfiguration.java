package io.payrecon.reconciler.polling;

import io.micrometer.observation.ObservationRegistry;
import io.payrecon.requestclient.RequestNetworkClient;
import io.payrecon.requestclient.RequestNetworkProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.web.client.RestClient;

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
    RequestNetworkClient requestNetworkClient(
            RequestNetworkProperties properties, ObjectProvider<ObservationRegistry> observations) {
        // Observed, so each call is timed as http.client.requests{method,uri,status,outcome}: provider errors by
        // status.
        return new RequestNetworkClient(
                properties,
                RestClient.builder().observationRegistry(observations.getIfAvailable(() -> ObservationRegistry.NOOP)));
    }
}
