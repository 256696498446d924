package io.payrecon.reconciler.admin.rebuild;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The rebuild's fresh tables: a schema next to the live one ({@code <live>_rebuild}), migrated by the reconciler's own
 * migrations, so it holds exactly the live tables, empty. Dropped and created again at every run, dropped after it.
 */
@Component
class ScratchSchema {

    private final DataSource dataSource;
    private final JdbcClient jdbc;

    ScratchSchema(DataSource dataSource, JdbcClient jdbc) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
    }

    /** The schema the reconciler's connections use (its Hikari {@code schema}): the live one. */
    String live() {
        return jdbc.sql("SELECT current_schema()").query(String.class).single();
    }

    static String of(String live) {
        return live + "_rebuild";
    }

    /**
     * Migrates on connections of its own, never the pool's: Flyway points a connection's search path at the schema it
     * migrates, and a pooled connection left so would write the live path's rows into the scratch schema.
     */
    void recreate(String schema) {
        drop(schema);
        HikariDataSource pool = unwrap();
        Flyway.configure(ScratchSchema.class.getClassLoader())
                .dataSource(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword())
                .schemas(schema)
                .createSchemas(true)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    private HikariDataSource unwrap() {
        try {
            return dataSource.unwrap(HikariDataSource.class);
        } catch (SQLException e) {
            throw new IllegalStateException("The rebuild needs the reconciler's Hikari pool to migrate its schema", e);
        }
    }

    void drop(String schema) {
        jdbc.sql("DROP SCHEMA IF EXISTS " + quote(schema) + " CASCADE").update();
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
