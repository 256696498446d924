package io.payrecon.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;

/**
 * The database's own speed, for reading the pipeline's numbers as ratios: rows shaped like the reconciler's
 * {@code webhook_deliveries} inserted with JDBC batches (1,000 rows per batch and transaction) into a scratch table
 * on the same server, which is dropped afterwards.
 */
final class PostgresInsertBaseline {

    private static final int BATCH = 1000;

    record Result(long rows, double seconds) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    private PostgresInsertBaseline() {}

    static Result run(String jdbcUrl, String user, String password, long rows) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("reWriteBatchedInserts", "true");
        try (Connection connection = DriverManager.getConnection(jdbcUrl, properties)) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("CREATE SCHEMA IF NOT EXISTS bench_scratch");
                ddl.execute("DROP TABLE IF EXISTS bench_scratch.deliveries");
                ddl.execute("""
                        CREATE TABLE bench_scratch.deliveries (
                            delivery_id text PRIMARY KEY, event_id uuid NOT NULL, event text, request_id text,
                            test boolean NOT NULL, outcome text NOT NULL, received_at timestamptz NOT NULL,
                            recorded_at timestamptz NOT NULL)
                        """);
            }
            connection.setAutoCommit(false);
            long started = System.nanoTime();
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO bench_scratch.deliveries
                        (delivery_id, event_id, event, request_id, test, outcome, received_at, recorded_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """)) {
                for (long i = 0; i < rows; i++) {
                    Timestamp now = Timestamp.from(Instant.now());
                    insert.setString(1, "01BENCH" + i);
                    insert.setObject(2, UUID.randomUUID());
                    insert.setString(3, "payment.confirmed");
                    insert.setString(4, "01" + Long.toHexString(i));
                    insert.setBoolean(5, false);
                    insert.setString(6, "APPLIED");
                    insert.setTimestamp(7, now);
                    insert.setTimestamp(8, now);
                    insert.addBatch();
                    if ((i + 1) % BATCH == 0 || i == rows - 1) {
                        insert.executeBatch();
                        connection.commit();
                    }
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            connection.setAutoCommit(true);
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("DROP SCHEMA bench_scratch CASCADE");
            }
            return new Result(rows, seconds);
        }
    }
}
