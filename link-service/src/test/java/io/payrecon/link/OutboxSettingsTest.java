package io.payrecon.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.outbox.OutboxProperties;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/** The outbox's settings as link-service binds them: its application.yml under the environment's variables. */
class OutboxSettingsTest {

    /** The crash suite (system-tests CrashHook) starts link-service with this variable. */
    @Test
    void crashHookVariableOfTheCrashSuiteArmsLinkServicesRelay() throws IOException {
        OutboxProperties armed = bind(Map.of("OUTBOX_CHAOS_HALT_BEFORE_PUBLISH", "3"));
        OutboxProperties plain = bind(Map.of());

        assertThat(armed.chaos().haltBeforePublish()).isEqualTo(3);
        assertThat(armed.source()).isEqualTo("/link-service");
        assertThat(plain.chaos().haltBeforePublish()).as("off unless asked for").isZero();
    }

    private static OutboxProperties bind(Map<String, Object> environmentVariables) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environmentVariables));
        new YamlPropertySourceLoader()
                .load("application.yml", new ClassPathResource("application.yml"))
                .forEach(sources::addLast);
        ConfigurationPropertySources.attach(environment);
        return Binder.get(environment).bindOrCreate("outbox", OutboxProperties.class);
    }
}
