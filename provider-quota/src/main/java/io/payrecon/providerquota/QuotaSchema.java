package io.payrecon.providerquota;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The quota's tables, in a schema of their own ({@code provider_quota}) that every app using the credential shares,
 * with their own migrations ({@code classpath:db/provider-quota}) and history table. The apps migrate it alike;
 * Flyway's lock lets one of them do it when several start at once.
 */
final class QuotaSchema {

    static final String SCHEMA = "provider_quota";
    static final String HISTORY_TABLE = "provider_quota_schema_history";

    private QuotaSchema() {}

    static void migrate(DataSource dataSource) {
        Flyway.configure(QuotaSchema.class.getClassLoader())
                .dataSource(dataSource)
                .schemas(SCHEMA)
                .createSchemas(true)
                .table(HISTORY_TABLE)
                .locations("classpath:db/provider-quota")
                .load()
                .migrate();
    }
}
