package io.payrecon.platform;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class KafkaLoginTest {

    /** What the apps' application.yml says. */
    private static final String FROM_THE_VARIABLES = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"${KAFKA_USERNAME}\" password=\"${KAFKA_PASSWORD}\";";

    @Test
    void anAppWithoutItsKafkaLoginRefusesToStartNamingBothVariables() {
        MockEnvironment environment = new MockEnvironment().withProperty(KafkaLogin.JAAS_CONFIG, FROM_THE_VARIABLES);

        assertThatThrownBy(() -> KafkaLogin.check(environment))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("No Kafka login: KAFKA_USERNAME and KAFKA_PASSWORD are not set.")
                .hasMessageContaining("docs/operations.md");
    }

    @Test
    void aMissingPasswordIsNamedAloneAndTheUsernameIsNotPrinted() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty(KafkaLogin.JAAS_CONFIG, FROM_THE_VARIABLES)
                .withProperty("KAFKA_USERNAME", "reconciler");

        assertThatThrownBy(() -> KafkaLogin.check(environment))
                .hasMessageStartingWith("No Kafka login: KAFKA_PASSWORD is not set.");
    }

    @Test
    void anEmptyLoginIsRefusedWithoutPrintingThePassword() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty(KafkaLogin.JAAS_CONFIG, FROM_THE_VARIABLES)
                .withProperty("KAFKA_USERNAME", " ")
                .withProperty("KAFKA_PASSWORD", "s3cret-password");

        assertThatThrownBy(() -> KafkaLogin.check(environment))
                .hasMessageStartingWith("No Kafka login: KAFKA_USERNAME or KAFKA_PASSWORD is empty.")
                .hasMessageNotContaining("s3cret-password");
    }

    @Test
    void aCompleteLoginOrNoSaslLoginAtAllStarts() {
        assertThatCode(() -> KafkaLogin.check(new MockEnvironment()
                        .withProperty(KafkaLogin.JAAS_CONFIG, FROM_THE_VARIABLES)
                        .withProperty("KAFKA_USERNAME", "reconciler")
                        .withProperty("KAFKA_PASSWORD", "pass\\\"word")))
                .doesNotThrowAnyException();
        assertThatCode(() -> KafkaLogin.check(new MockEnvironment())).doesNotThrowAnyException();
    }
}
