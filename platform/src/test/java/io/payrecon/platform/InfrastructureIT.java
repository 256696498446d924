package io.payrecon.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.devstack.DevStack;
import java.net.ServerSocket;
import java.net.SocketException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.CannotCreateTransactionException;

class InfrastructureIT {

    @Test
    void databaseAndNetworkTroubleMayBeAnOutageWhereverItIsWrapped() {
        assertThat(Infrastructure.mayBeOutage(new CannotCreateTransactionException(
                        "Could not open JDBC Connection",
                        new CannotGetJdbcConnectionException("down", new SQLTransientConnectionException("timeout")))))
                .isTrue();
        assertThat(Infrastructure.mayBeOutage(new DataAccessResourceFailureException("I/O error")))
                .isTrue();
        assertThat(Infrastructure.mayBeOutage(new CannotAcquireLockException("deadlock")))
                .isTrue();
        assertThat(Infrastructure.mayBeOutage(new IllegalStateException("wrapped", new SocketException("reset"))))
                .isTrue();
        assertThat(Infrastructure.mayBeOutage(new NotEnoughReplicasException("one replica")))
                .isTrue();
    }

    @Test
    void dataTheDatabaseRefusesAndBugsAreNeverAnOutage() {
        Infrastructure databaseDown = new Infrastructure(() -> false);
        assertThat(databaseDown.isOutage(new DataIntegrityViolationException("value too long")))
                .isFalse();
        assertThat(databaseDown.isOutage(new NullPointerException())).isFalse();
    }

    @Test
    void aResourceFailureIsAnOutageOnlyWhileTheDatabaseDoesNotAnswer() {
        // what PostgreSQL's "index row size exceeds maximum" (SQLSTATE 54000) becomes in Spring
        DataAccessResourceFailureException failure = new DataAccessResourceFailureException("index row size");

        assertThat(new Infrastructure(() -> true).isOutage(failure)).isFalse();
        assertThat(new Infrastructure(() -> false).isOutage(failure)).isTrue();
    }

    @Test
    void theBrokerSayingRetryIsAnOutageWhateverTheDatabaseSays() {
        assertThat(new Infrastructure(() -> true).isOutage(new NotEnoughReplicasException("one replica")))
                .isTrue();
    }

    @Test
    void theProbeAsksTheRealDatabase() throws Exception {
        DevStack stack = DevStack.shared();
        DataSource running =
                new DriverManagerDataSource(stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword());
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        DataSource gone = new DriverManagerDataSource(
                "jdbc:postgresql://127.0.0.1:" + closedPort + "/payrecon?connectTimeout=1", "postgres", "postgres");
        DataAccessResourceFailureException failure = new DataAccessResourceFailureException("connection lost");

        assertThat(new Infrastructure(running, Duration.ofSeconds(2)).isOutage(failure))
                .isFalse();
        assertThat(new Infrastructure(gone, Duration.ofSeconds(2)).isOutage(failure))
                .isTrue();
    }
}
