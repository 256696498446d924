package io.payrecon.link;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payrecon.devstack.DevStack;
import io.payrecon.events.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.env.StandardEnvironment;

class LinkServiceStartupIT {

    private static final String DESTINATION = "--links.destination.id=" + RunningLinkService.DESTINATION_ID;

    @Test
    void refusesToStartWithoutAPayeeDestinationAndSaysWhereToFindIt() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(LinkServiceApplication.class)
                        .run(withDevstack(
                                "--links.api-keys=a-key",
                                "--request.api-key=sk_test_provider",
                                "--links.destination.id=",
                                "--server.port=0"))
                        .close())
                .hasStackTraceContaining("LINKS_DESTINATION_ID")
                .hasStackTraceContaining("Request Network dashboard");
    }

    @Test
    void refusesToStartWithoutAnApiKeyAndSaysWhichSettingIsMissing() {
        // Command-line arguments win over the environment, so an API_KEY set where the build runs changes nothing.
        assertThatThrownBy(() -> new SpringApplicationBuilder(LinkServiceApplication.class)
                        .run(withDevstack(
                                "--links.api-keys= ",
                                DESTINATION,
                                "--request.api-key=sk_test_provider",
                                "--server.port=0"))
                        .close())
                .hasStackTraceContaining("API_KEY")
                .hasStackTraceContaining("links.api-keys");
    }

    @Test
    void refusesToStartWithoutAProviderCredentialAndSaysWhichSettingsAreMissing() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(LinkServiceApplication.class)
                        .run(withDevstack(
                                "--links.api-keys=a-key",
                                DESTINATION,
                                "--request.api-key=",
                                "--request.client-id=",
                                "--server.port=0"))
                        .close())
                .hasStackTraceContaining("REQUEST_API_KEY")
                .hasStackTraceContaining("REQUEST_CLIENT_ID");
    }

    @Test
    void refusesToStartWithoutABrokerInsteadOfWaitingForLocalhost() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(LinkServiceApplication.class)
                        .run(withDevstack(
                                "--links.api-keys=a-key",
                                DESTINATION,
                                "--request.api-key=sk_test_provider",
                                "--spring.kafka.bootstrap-servers= ",
                                "--server.port=0"))
                        .close())
                .hasStackTraceContaining("SPRING_KAFKA_BOOTSTRAP_SERVERS")
                .hasStackTraceContaining("spring.kafka.bootstrap-servers");
    }

    @Test
    void refusesToStartWithoutItsKafkaLoginAndSaysWhichVariableIsMissing() {
        Map<String, Object> properties = new HashMap<>(DevStack.shared().springProperties(Principal.LINK_SERVICE));
        properties.remove(
                "spring.kafka.properties.sasl.jaas.config"); // application.yml's, from KAFKA_USERNAME/PASSWORD

        assertThatThrownBy(() -> new SpringApplicationBuilder(LinkServiceApplication.class)
                        .environment(withoutTheProcessEnvironment())
                        .properties(properties)
                        .run(
                                "--links.api-keys=a-key",
                                DESTINATION,
                                "--request.api-key=sk_test_provider",
                                "--server.port=0")
                        .close())
                .hasStackTraceContaining("No Kafka login: KAFKA_USERNAME and KAFKA_PASSWORD are not set");
    }

    /**
     * devstack's settings as command-line arguments, then these (a setting given twice would be joined, so none is):
     * they win over application.yml (its Kafka login from KAFKA_USERNAME/PASSWORD), so the setting a test leaves out
     * is the only one missing.
     */
    private static String[] withDevstack(String... arguments) {
        List<String> all = new ArrayList<>();
        DevStack.shared().springProperties(Principal.LINK_SERVICE).forEach((name, value) -> {
            if (Arrays.stream(arguments).noneMatch(argument -> argument.startsWith("--" + name + "="))) {
                all.add("--" + name + "=" + value);
            }
        });
        all.addAll(List.of(arguments));
        return all.toArray(String[]::new);
    }

    /** Only what a test gives: a KAFKA_USERNAME set where the build runs must not satisfy the app. */
    private static StandardEnvironment withoutTheProcessEnvironment() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        return environment;
    }
}
