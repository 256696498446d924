package io.payrecon.reconciler.admin.rebuild;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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

    private static final String LOCK_SCOPE = "io.payrecon.reconciler.rebuild:";

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

    /**
     * Connections of the rebuild's own, their search path the scratch schema: the apply path the rebuild runs over them
     * writes there, naming no schema, while the reconciler's pool never leaves the live one.
     */
    HikariDataSource open(String schema) {
        HikariDataSource live = unwrap();
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("reconciler-rebuild");
        pool.setJdbcUrl(live.getJdbcUrl());
        pool.setUsername(live.getUsername());
        pool.setPassword(live.getPassword());
        pool.setSchema(schema);
        pool.setMaximumPoolSize(2);
        return pool;
    }

    private HikariDataSource unwrap() {
        try {
            return dataSource.unwrap(HikariDataSource.class);
        } catch (SQLException e) {
            throw new IllegalStateException("The rebuild needs the reconciler's Hikari pool to migrate its schema", e);
        }
    }

    /** Another rebuild holds the scratch schema. */
    static final class Busy extends RuntimeException {
        Busy(String message) {
            super(message);
        }
    }

    /** A session lock on the scratch schema, held on a connection of its own until closed. */
    interface Lock extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes the scratch schema for one rebuild, across every instance on this database: a session advisory lock keyed
     * by the schema's name, on a pool connection held until the lock is closed.
     *
     * @throws Busy when another rebuild holds it
     */
    Lock lock(String schema) {
        try {
            Connection connection = dataSource.getConnection();
            try (PreparedStatement take = connection.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
                take.setString(1, LOCK_SCOPE + schema);
                try (ResultSet taken = take.executeQuery()) {
                    taken.next();
                    if (!taken.getBoolean(1)) {
                        connection.close();
                        throw new Busy("A rebuild is running on another reconciler instance (schema " + schema
                                + " is taken): wait for it to finish");
                    }
                }
            }
            return () -> {
                try (connection;
                        PreparedStatement release =
                                connection.prepareStatement("SELECT pg_advisory_unlock(hashtext(?))")) {
                    release.setString(1, LOCK_SCOPE + schema);
                    release.executeQuery().close();
                } catch (SQLException e) {
                    throw new IllegalStateException("Could not release the rebuild's lock: " + e.getMessage(), e);
                }
            };
        } catch (SQLException e) {
            throw new IllegalStateException("Could not take the rebuild's lock: " + e.getMessage(), e);
        }
    }

    void drop(String schema) {
        jdbc.sql("DROP SCHEMA IF EXISTS " + quote(schema) + " CASCADE").update();
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
