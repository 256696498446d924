package io.payrecon.benchmarks;

import io.payrecon.benchkit.CostMeter;
import io.payrecon.devstack.DevStack;
import io.payrecon.launcher.App;
import io.payrecon.launcher.AppProcess;
import io.payrecon.launcher.LocalSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The end-to-end benchmark's {@link CostMeter}: the CPU time and storage writes of the gateway, the broker, the
 * reconciler, PostgreSQL (the postmaster and every backend and auxiliary process) and the benchmark's own JVM, and
 * the bytes the system wrote: PostgreSQL's WAL (the insert position, {@code pg_current_wal_insert_lsn()}, which
 * unlike the write position does not lag by what sits in the WAL buffers) and the broker's log segments, per topic
 * (the sizes of the {@code .log} files; the broker deletes none within a run, its retention being 30 days).
 */
final class PipelineCost implements AutoCloseable {

    static final String GATEWAY = "webhook-gateway";
    static final String BROKER = "Kafka broker";
    static final String RECONCILER = "reconciler";
    static final String POSTGRES = "PostgreSQL";
    static final String LOAD = "load generator (bench JVM)";
    static final String WAL = "PostgreSQL WAL";
    static final String KAFKA_LOG = "Kafka log";

    private final Connection database;
    private final CostMeter meter;

    private PipelineCost(Connection database, CostMeter meter) {
        this.database = database;
        this.meter = meter;
    }

    /** Opens the connection the WAL position is read on; closing closes it. */
    static PipelineCost of(LocalSystem system) {
        DevStack infrastructure = system.infrastructure();
        Properties login = new Properties();
        login.setProperty("user", infrastructure.databaseUser());
        login.setProperty("password", infrastructure.databasePassword());
        Connection database;
        try {
            database = DriverManager.getConnection(infrastructure.jdbcUrl(), login);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect to PostgreSQL to read its WAL position", e);
        }
        Path kafkaLog = infrastructure.kafka().dataDirectory().resolve("log");
        CostMeter meter = new CostMeter()
                .process(GATEWAY, () -> running(system.instances(App.WEBHOOK_GATEWAY)))
                .process(BROKER, () -> List.of(infrastructure.kafka().pid()))
                .process(RECONCILER, () -> running(system.instances(App.RECONCILER)))
                .process(POSTGRES, () -> List.of(infrastructure.postgres().pid()))
                .driver(LOAD)
                .bytes(WAL, () -> Map.of("WAL", walPosition(database)))
                .bytes(KAFKA_LOG, () -> segmentBytesByTopic(kafkaLog));
        return new PipelineCost(database, meter);
    }

    CostMeter meter() {
        return meter;
    }

    /** Every instance of an app that is running (with {@code --reconcilers 2}, both reconcilers). */
    private static Collection<Long> running(List<AppProcess> instances) {
        return instances.stream()
                .filter(AppProcess::isRunning)
                .map(AppProcess::pid)
                .toList();
    }

    private static long walPosition(Connection database) {
        try (Statement query = database.createStatement();
                ResultSet position =
                        query.executeQuery("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::bigint")) {
            position.next();
            return position.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read PostgreSQL's WAL position", e);
        }
    }

    /**
     * The bytes of every partition's {@code .log} segments under the broker's log directory, by topic (the folder
     * {@code <topic>-<partition>}); indexes are left out, being preallocated.
     */
    static Map<String, Long> segmentBytesByTopic(Path logDir) {
        Map<String, Long> bytes = new TreeMap<>();
        try (Stream<Path> partitions = Files.list(logDir)) {
            for (Path partition : partitions.filter(Files::isDirectory).toList()) {
                String name = partition.getFileName().toString();
                int dash = name.lastIndexOf('-');
                if (dash < 0 || !name.substring(dash + 1).chars().allMatch(Character::isDigit)) {
                    continue; // not a partition: a folder being deleted ends in -delete, say
                }
                bytes.merge(name.substring(0, dash), segmentBytes(partition), Long::sum);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the broker's log " + logDir, e);
        }
        return bytes;
    }

    private static long segmentBytes(Path partition) {
        try (Stream<Path> files = Files.list(partition)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".log"))
                    .mapToLong(file -> {
                        try {
                            return Files.size(file);
                        } catch (IOException e) {
                            return 0; // a segment deleted meanwhile
                        }
                    })
                    .sum();
        } catch (IOException e) {
            return 0; // the partition deleted meanwhile
        }
    }

    @Override
    public void close() {
        try {
            database.close();
        } catch (SQLException e) {
            // the devstack stops next
        }
    }
}
