package io.payrecon.sandbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * A local stand-in for Request Network: its API, its hosted page and its webhooks. A dev tool; its state is in memory,
 * and journaled under {@code sandbox.data-dir} when that is set, to survive restarts.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RequestSandboxApplication {

    private static final Logger log = LoggerFactory.getLogger(RequestSandboxApplication.class);

    public static void main(String[] args) {
        SpringApplication.run(RequestSandboxApplication.class, args);
    }

    /** Says which settings run on their development default; never prints a configured secret. */
    @Bean
    ApplicationRunner announceDevelopmentDefaults(SandboxProperties properties) {
        return args -> properties
                .developmentDefaultsInUse()
                .forEach(setting -> log.warn("Sandbox uses the development default of {}", setting));
    }
}
