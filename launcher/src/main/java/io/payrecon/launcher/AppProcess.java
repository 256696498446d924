package io.payrecon.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One app running from its executable jar as a child process. Its output goes to its log file and, when asked,
 * to the console with the app's name in front of each line. The system's apps are made by {@link LocalSystem}; any
 * other Spring Boot jar with {@code /actuator/health} (the consumer kit's example, say) can be run by name. One
 * process is one instance: an app run twice is two of these.
 */
public final class AppProcess {

    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(180);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> environment;
    private final List<String> jvmOptions;
    private final Path logFile;
    private final PrintStream console;
    private final Deque<String> lastLines = new ArrayDeque<>();
    private Process process;
    private AppJar.Aot aot = AppJar.Aot.AUTO;

    /**
     * A process of one of the system's apps (made by {@link LocalSystem}) or of another jar.
     *
     * @param name what logs and errors call it: the module, {@code <module>-2} for a second instance, or any name
     * @param environment its whole environment (nothing is inherited)
     */
    public AppProcess(
            String name,
            Path jar,
            int port,
            Map<String, String> environment,
            List<String> jvmOptions,
            Path logFile,
            PrintStream console) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.environment = Map.copyOf(environment);
        this.jvmOptions = List.copyOf(jvmOptions);
        this.logFile = logFile;
        this.console = console;
    }

    /**
     * What logs and errors call it: the module of one of the system's apps ({@code reconciler-2} for its second
     * instance), or the name it was given.
     */
    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public Path logFile() {
        return logFile;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        if (!isRunning()) {
            throw new IllegalStateException(name + " is not running");
        }
        return process.pid();
    }

    /** The CPU time the running process has used so far (user and system), where the OS reports it. */
    public synchronized Optional<Duration> cpuTime() {
        return isRunning() ? process.info().totalCpuDuration() : Optional.empty();
    }

    /** Launches the app without waiting for it to be healthy. */
    public void launch() {
        launch(Map.of());
    }

    /**
     * Launches the app with these variables added to its environment for this run only (a crash hook, say); the
     * next {@link #launch()} starts it with its usual environment again.
     */
    public synchronized void launch(Map<String, String> extraEnvironment) {
        if (isRunning()) {
            return;
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " does not exist: build the apps first (./mvnw -DskipTests package, or ./pipeline up)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        Map<String, String> runEnvironment = new HashMap<>(environment);
        runEnvironment.putAll(extraEnvironment);
        aot = AppJar.Aot.of(runEnvironment);
        command.addAll(new AppJar(jar).launchArguments(aot));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.environment().putAll(extraEnvironment);
        if (aot == AppJar.Aot.TRAIN) {
            // Straight to the file: a training JVM writes its cache as it exits, through a child JVM sharing its
            // output, and a pipe read here is closed under that child once the app's own process is gone.
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        }
        try {
            Files.createDirectories(logFile.getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
        if (aot != AppJar.Aot.TRAIN) {
            Thread pump = new Thread(() -> pumpOutput(process), name + "-output");
            pump.setDaemon(true);
            pump.start();
        }
    }

    /** Launches the app and waits until {@code /actuator/health} answers UP. */
    public void start() {
        launch();
        awaitHealthy();
    }

    /**
     * Waits until {@code /actuator/health} answers UP: every component of the app, the broker included, not only its
     * readiness, which for link-service and the reconciler leaves the broker out (they serve without it). So the system
     * is called up only once every app reaches the broker, and a fault is over only once it does again.
     */
    public void awaitHealthy() {
        Instant deadline = Instant.now().plus(HEALTH_TIMEOUT);
        HttpRequest health = HttpRequest.newBuilder(URI.create(url() + "/actuator/health"))
                .timeout(Duration.ofSeconds(2))
                .build();
        while (true) {
            Process current;
            synchronized (this) {
                current = process;
            }
            if (current == null || !current.isAlive()) {
                throw new IllegalStateException(name + " exited during startup. Last lines of " + logFile + ":\n"
                        + String.join("\n", lastLines()));
            }
            try {
                HttpResponse<String> response = HTTP.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name, e);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(name + " was not healthy within " + HEALTH_TIMEOUT + ". Last lines of "
                        + logFile + ":\n" + String.join("\n", lastLines()));
            }
            sleep(Duration.ofMillis(250));
        }
    }

    /**
     * Waits until the process ends by itself, at most {@code patience}.
     *
     * @return its exit code, or empty when it is still running
     */
    public Optional<Integer> awaitExit(Duration patience) {
        Process current;
        synchronized (this) {
            current = process;
        }
        if (current == null) {
            return Optional.empty();
        }
        try {
            return current.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)
                    ? Optional.of(current.exitValue())
                    : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * Stops the app the way an orchestrator does: SIGTERM, then SIGKILL after a grace period (longer for a training
     * run, which writes its ahead-of-time cache as it exits).
     */
    public synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(aot == AppJar.Aot.TRAIN ? 180 : 20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Kills the app with SIGKILL, as a crash would. */
    public synchronized void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.onExit().join();
        }
    }

    private void pumpOutput(Process source) {
        String prefix = "[%-15s] ".formatted(name);
        try (BufferedReader lines =
                        new BufferedReader(new InputStreamReader(source.getInputStream(), StandardCharsets.UTF_8));
                Writer log = Files.newBufferedWriter(
                        logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            String line;
            while ((line = lines.readLine()) != null) {
                log.write(line);
                log.write('\n');
                log.flush();
                remember(line);
                if (console != null) {
                    console.println(prefix + line);
                }
            }
        } catch (IOException e) {
            // the process ended or the log is gone: nothing left to copy
        }
    }

    // On the list, not on this: stop() holds this while the process exits, and the output must keep flowing meanwhile
    // (a training run's JVM writes its cache then, through a child JVM that shares this output).
    private void remember(String line) {
        synchronized (lastLines) {
            if (lastLines.size() == 40) {
                lastLines.removeFirst();
            }
            lastLines.addLast(line);
        }
    }

    private List<String> lastLines() {
        if (aot == AppJar.Aot.TRAIN) {
            try {
                List<String> all = Files.readAllLines(logFile);
                return all.subList(Math.max(0, all.size() - 40), all.size());
            } catch (IOException e) {
                return List.of("(" + logFile + " cannot be read: " + e + ")");
            }
        }
        synchronized (lastLines) {
            return List.copyOf(lastLines);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
