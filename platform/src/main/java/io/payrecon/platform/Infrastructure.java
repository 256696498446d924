package io.payrecon.platform;

import java.net.SocketException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * The one answer, for every consumer, to "is this failure the infrastructure's?". Only an outage of the database or
 * the broker may hold a partition without limit; a failure of anything else is the record's, and a record that keeps
 * failing is dead-lettered so that the rest of its partition moves on.
 *
 * <p>The exception's type alone is not enough: PostgreSQL reports a value too large for an index ("index row size
 * exceeds maximum", SQLSTATE 54000) in the same class as a server out of resources, and Spring maps both to a
 * {@link DataAccessResourceFailureException}. So a failure whose type says "maybe the database" is an outage only
 * when the database, asked right then, does not answer.
 */
public final class Infrastructure {

    private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);

    private final BooleanSupplier databaseAnswers;

    /**
     * @param dataSource the app's database, or null for an app without one
     * @param probeTimeout how long the database may take to answer a probe before it counts as unreachable
     */
    public Infrastructure(DataSource dataSource, Duration probeTimeout) {
        this(dataSource == null ? null : () -> answers(dataSource, probeTimeout));
    }

    /** @param databaseAnswers whether the database answers right now; null for an app without one */
    public Infrastructure(BooleanSupplier databaseAnswers) {
        this.databaseAnswers = databaseAnswers;
    }

    /**
     * Whether a failure is an outage: its type says the database or the broker may be at fault, and, for the
     * database, it does not answer now. Retrying the same records later will work; nothing about them is wrong.
     */
    public boolean isOutage(Throwable failure) {
        if (!mayBeOutage(failure)) {
            return false;
        }
        if (isBrokers(failure) || databaseAnswers == null) {
            return true;
        }
        return !databaseAnswers();
    }

    /**
     * Whether the database answers now (true for an app without one). A consumer dead-letters a record only then: a
     * record that failed a few times while the database was going down is retried, never given up on.
     */
    public boolean databaseAnswers() {
        return databaseAnswers == null || databaseAnswers.getAsBoolean();
    }

    /**
     * Whether a failure's type says the infrastructure may be at fault: the database down, failing over or out of
     * connections, a connection lost, a lock or statement timeout, a deadlock, or the broker saying "retry".
     */
    public static boolean mayBeOutage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TransientDataAccessException
                    || cause instanceof RecoverableDataAccessException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof CannotCreateTransactionException
                    || cause instanceof TransactionSystemException
                    || cause instanceof SQLTransientException
                    || cause instanceof SQLRecoverableException
                    || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SocketException
                    || isBrokerRetriable(cause)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static boolean answers(DataSource dataSource, Duration probeTimeout) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid((int) Math.max(1, probeTimeout.toSeconds()));
        } catch (SQLException | RuntimeException e) {
            log.debug("The database does not answer: {}", e.getMessage());
            return false;
        }
    }

    private static boolean isBrokers(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (isBrokerRetriable(cause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isBrokerRetriable(Throwable cause) {
        return KafkaOnClasspath.PRESENT && cause instanceof RetriableException;
    }

    /**
     * A failure that is an outage of the database or the broker, as {@link #isOutage} found: the records it happened
     * to are retried without limit, never dead-lettered. A consumer reports an outage with a class of its own (this,
     * or a failure class of its own in a batch listener) because Spring Kafka's error handler chooses a record's
     * retry schedule anew only when the class of the failure changes: with one class for both, a record that failed
     * during an outage would keep the outage's schedule for ever once the database is back and the record fails for
     * its own reason.
     */
    public static final class Outage extends RuntimeException {

        public Outage(String message) {
            super(message);
        }

        /** Whether this failure is, or was caused by, an {@link Outage}. */
        public static boolean in(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof Outage) {
                    return true;
                }
                if (cause.getCause() == cause) {
                    break;
                }
            }
            return false;
        }
    }

    /** kafka-clients is optional here: an app without it has no broker failures to tell. */
    private static final class KafkaOnClasspath {
        static final boolean PRESENT = present();

        private static boolean present() {
            try {
                Class.forName(
                        "org.apache.kafka.common.errors.RetriableException",
                        false,
                        Infrastructure.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException e) {
                return false;
            }
        }
    }
}
