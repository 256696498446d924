package io.payrecon.outbox;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The outbox's own migrations ({@code classpath:db/outbox}) with their own history table in the application's
 * schema, so the application's Flyway history stays the application's. Runs after the application's migrations;
 * baselines at version 0 when the schema already holds the application's tables.
 */
final class OutboxSchema {

    static final String HISTORY_TABLE = "outbox_schema_history";

    private OutboxSchema() {}

    static void migrate(DataSource dataSource, String schema) {
        Flyway.configure(OutboxSchema.class.getClassLoader())
                .dataSource(dataSource)
                .schemas(schema)
                .createSchemas(true)
                .table(HISTORY_TABLE)
                .locations("classpath:db/outbox")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .baselineDescription("outbox baseline")
                .load()
                .migrate();
    }
}
