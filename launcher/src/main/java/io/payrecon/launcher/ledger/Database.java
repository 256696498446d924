package io.payrecon.launcher.ledger;

import io.payrecon.launcher.SystemEndpoints;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Plain JDBC against devstack's database, with timeouts: it may be paused or restarting when asked. */
final class Database {

    private final SystemEndpoints endpoints;

    Database(SystemEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", endpoints.databaseUser());
        properties.setProperty("password", endpoints.databasePassword());
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("socketTimeout", "60");
        properties.setProperty("ApplicationName", "system-tests-ledger");
        return DriverManager.getConnection(endpoints.jdbcUrl(), properties);
    }

    long count(String table) throws SQLException {
        try (Connection connection = connect();
                var statement = connection.createStatement();
                var result = statement.executeQuery("SELECT count(*) FROM " + table)) {
            result.next();
            return result.getLong(1);
        }
    }
}
