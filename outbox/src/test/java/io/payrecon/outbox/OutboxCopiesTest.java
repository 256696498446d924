package io.payrecon.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payrecon.outbox.OutboxProperties.Copy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** {@code outbox.copies}: how it is written, and the settings it refuses. */
class OutboxCopiesTest {

    @Test
    void copiesBindFromPropertiesAndAreNoneByDefault() {
        OutboxProperties properties = bind(Map.of(
                "outbox.copies[0].from", "orders.payment-status.v1",
                "outbox.copies[0].to", "orders.payment-status-latest.v1"));

        assertThat(properties.copies())
                .containsExactly(new Copy("orders.payment-status.v1", "orders.payment-status-latest.v1"));
        assertThat(properties.copyTopics())
                .containsExactly(Map.entry("orders.payment-status.v1", List.of("orders.payment-status-latest.v1")));
        assertThat(bind(Map.of()).copies()).isEmpty();
        assertThat(bind(Map.of()).copyTopics()).isEmpty();
    }

    @Test
    void aTopicMayHaveSeveralCopiesInTheOrderListed() {
        OutboxProperties properties = properties(List.of(new Copy("a", "b"), new Copy("c", "d"), new Copy("a", "e")));

        assertThat(properties.copyTopics())
                .containsOnly(Map.entry("a", List.of("b", "e")), Map.entry("c", List.of("d")));
    }

    @Test
    void aCopyWithoutBothTopicsOrOfATopicToItselfIsRefused() {
        assertThatThrownBy(() -> new Copy("a", "a")).hasMessageContaining("cannot be copied to itself");
        assertThatThrownBy(() -> new Copy(" ", "b")).hasMessageContaining("outbox.copies[].from");
        assertThatThrownBy(() -> new Copy("a", null)).hasMessageContaining("outbox.copies[].to");
    }

    @Test
    void aCopyListedTwiceOrACopyOfACopyIsRefused() {
        assertThatThrownBy(() -> properties(List.of(new Copy("a", "b"), new Copy("a", "b"))))
                .hasMessageContaining("a -> b twice");
        assertThatThrownBy(() -> properties(List.of(new Copy("a", "b"), new Copy("b", "c"))))
                .hasMessageContaining("b is a copy and a source");
    }

    private static OutboxProperties properties(List<Copy> copies) {
        return new OutboxProperties(
                null,
                true,
                Duration.ofMillis(50),
                500,
                1,
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                null,
                copies,
                null);
    }

    private static OutboxProperties bind(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        ConfigurationPropertySources.attach(environment);
        return Binder.get(environment).bindOrCreate("outbox", OutboxProperties.class);
    }
}
