package io.payrecon.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class HaltBeforePublishTest {

    private final List<Integer> halts = new ArrayList<>();

    @Test
    void haltsWithExitCode137OnTheNthReadAndNotBefore() {
        HaltBeforePublish hook = new HaltBeforePublish(3, halts::add);

        hook.beforePublish(10, UUID.randomUUID());
        hook.beforePublish(1, UUID.randomUUID());
        assertThat(halts).as("after two reads").isEmpty();

        hook.beforePublish(5, UUID.randomUUID());
        assertThat(halts).containsExactly(137);

        hook.beforePublish(5, UUID.randomUUID());
        assertThat(halts).as("only once, at exactly the 3rd read").containsExactly(137);
    }

    @Test
    void firstReadHaltsWhenNIsOne() {
        HaltBeforePublish hook = new HaltBeforePublish(1, halts::add);

        hook.beforePublish(1, UUID.randomUUID());

        assertThat(halts).containsExactly(137);
    }

    @Test
    void zeroIsOffAndNeverHalts() {
        HaltBeforePublish hook = new HaltBeforePublish(0, halts::add);

        for (int read = 0; read < 1000; read++) {
            hook.beforePublish(1, UUID.randomUUID());
        }

        assertThat(hook.armed()).isFalse();
        assertThat(halts).isEmpty();
    }

    @Test
    void negativeCountIsRefused() {
        assertThatThrownBy(() -> new HaltBeforePublish(-1, halts::add))
                .hasMessageContaining("outbox.chaos.halt-before-publish");
        assertThatThrownBy(() -> new OutboxProperties.Chaos(-1)).hasMessageContaining("0 (off)");
    }

    /** The crash suite sets the environment variable; it must reach the relay through relaxed binding. */
    @Test
    void environmentVariableBindsToTheHaltCount() {
        assertThat(bind(Map.of("OUTBOX_CHAOS_HALT_BEFORE_PUBLISH", "3")).chaos().haltBeforePublish())
                .isEqualTo(3);
        assertThat(bind(Map.of()).chaos().haltBeforePublish()).isZero();
    }

    private static OutboxProperties bind(Map<String, Object> environmentVariables) {
        StandardEnvironment environment = new StandardEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environmentVariables));
        ConfigurationPropertySources.attach(environment);
        return Binder.get(environment).bindOrCreate("outbox", OutboxProperties.class);
    }
}
