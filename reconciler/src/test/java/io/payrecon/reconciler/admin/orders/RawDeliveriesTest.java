package io.payrecon.reconciler.admin.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.web.ErrorResponseException;

/** Reading a delivery back while no broker answers: a clear refusal at the deadline, not a thread stuck for good. */
class RawDeliveriesTest {

    @Test
    void anUnreachableBrokerIsGivenUpOnAtTheDeadline() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort(); // free again once closed: nothing listens there
        }
        RawDeliveries raw = new RawDeliveries(new DefaultKafkaConsumerFactory<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort)));

        long started = System.nanoTime();
        ErrorResponseException refused = catchThrowableOfType(
                ErrorResponseException.class, () -> raw.find("d-1", "r-1", Instant.parse("2026-12-05T10:00:00Z")));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(refused.getStatusCode().value()).isEqualTo(503);
        assertThat(refused.getBody().getDetail()).contains("could not be read within 10 s; try again");
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(9)).isLessThan(Duration.ofSeconds(20));
    }
}
