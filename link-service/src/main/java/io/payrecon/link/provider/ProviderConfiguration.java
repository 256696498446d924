package io.payrecon.link.provider;

import io.micrometer.observation.ObservationRegistry;
import io.payrecon.requestclient.RequestNetworkClient;
import io.payrecon.requestclient.RequestNetworkProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/**
 * The provider client, bound from {@code request.*} (env {@code REQUEST_BASE_URL}, {@code REQUEST_API_KEY},
 * {@code REQUEST_CLIENT_ID}, {@code REQUEST_ORIGIN}, {@code REQUEST_TIMEOUT}). It sends {@code x-api-key} when an API
 * key is configured, otherwise {@code x-client-id} plus {@code Origin} when one is configured (a frontend client id);
 * without either credential the app refuses to start.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RequestNetworkProperties.class)
class ProviderConfiguration {

    @Bean
    RequestNetworkClient requestNetworkClient(
            RequestNetworkProperties properties, ObjectProvider<ObservationRegistry> observations) {
        // Observed, so each call is timed as http.client.requests{method,uri,status,outcome}: provider errors by
        // status.
        return new RequestNetworkClient(
                properties,
                RestClient.builder().observationRegistry(observations.getIfAvailable(() -> ObservationRegistry.NOOP)));
    }
}
