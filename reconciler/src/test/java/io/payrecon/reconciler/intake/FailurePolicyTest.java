package io.payrecon.reconciler.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.transaction.CannotCreateTransactionException;

class FailurePolicyTest {

    @Test
    void databaseAndNetworkTroubleIsTransientWhereverItIsWrapped() {
        assertThat(FailurePolicy.isTransient(new CannotCreateTransactionException(
                        "Could not open JDBC Connection",
                        new CannotGetJdbcConnectionException("down", new SQLTransientConnectionException("timeout")))))
                .isTrue();
        assertThat(FailurePolicy.isTransient(new DataAccessResourceFailureException("I/O error")))
                .isTrue();
        assertThat(FailurePolicy.isTransient(new CannotAcquireLockException("deadlock")))
                .isTrue();
        assertThat(FailurePolicy.isTransient(new OptimisticLockingFailureException("raced")))
                .isTrue();
        assertThat(FailurePolicy.isTransient(new ListenerExecutionFailedException(
                        "listener", new BatchListenerFailedException("batch", new SocketException("reset"), 0))))
                .isTrue();
    }

    @Test
    void poisonAndDataTheDatabaseRefusesAreNotTransient() {
        assertThat(FailurePolicy.isTransient(new PoisonRecordException("not JSON")))
                .isFalse();
        assertThat(FailurePolicy.isTransient(
                        new BatchListenerFailedException("x", new PoisonRecordException("not JSON"), 3)))
                .isFalse();
        assertThat(FailurePolicy.isTransient(new DataIntegrityViolationException("value too long")))
                .isFalse();
        assertThat(FailurePolicy.isTransient(new NullPointerException())).isFalse();
    }

    @Test
    void reasonIsThePoisonsOrElseTheInnermostMessage() {
        assertThat(FailurePolicy.reason(new ListenerExecutionFailedException(
                        "listener", new BatchListenerFailedException("batch", new PoisonRecordException("why"), 1))))
                .isEqualTo("why");
        assertThat(FailurePolicy.reason(
                        new IllegalStateException("outer", new IllegalArgumentException("the value is wrong"))))
                .isEqualTo("the value is wrong");
    }
}
