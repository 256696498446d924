package io.payrecon.reconciler;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** Consumes link events and provider webhooks, keeps one payment status per order and emits its changes. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ReconcilerApplication {

    public static void main(String[] args) {
        SpringApplication.run(ReconcilerApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
