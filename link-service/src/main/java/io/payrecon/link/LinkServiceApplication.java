package io.payrecon.link;

import io.payrecon.requestclient.RequestNetworkClient;
import io.payrecon.requestclient.RequestNetworkProperties;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@EnableConfigurationProperties({LinkProperties.class, RequestNetworkProperties.class})
public class LinkServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(LinkServiceApplication.class, args);
    }

    /** The provider adapter, bound from {@code request.*} (env {@code REQUEST_API_KEY}, {@code REQUEST_BASE_URL}, …). */
    @Bean
    RequestNetworkClient requestNetworkClient(RequestNetworkProperties properties) {
        return new RequestNetworkClient(properties);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
