package io.payrecon.launcher;

import io.payrecon.devstack.DevStack;
import io.payrecon.devstack.KafkaCredentials;
import io.payrecon.launcher.chaos.ChaosRun;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The commands behind {@code ./pipeline}: {@code up} runs Kafka, PostgreSQL, the sandbox and the three apps on the
 * ports of architecture §6 with data under {@code .pipeline/} kept across runs; {@code status}, {@code stop} and
 * {@code reset} manage it from another terminal; {@code demo} takes one order through a payment; {@code chaos}
 * runs the crash suite's long form on a system of its own. ({@code bench} and {@code bench-links} are the
 * benchmarks' own main class.)
 */
public final class Pipeline {

    /**
     * The apps' JVM options unless {@code PIPELINE_JAVA_OPTS} says otherwise; also the training run's ({@link
     * AotTraining}), since an ahead-of-time cache is made for the options it is used with.
     */
    static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC");

    private static final String KAFKA_PORT = "KAFKA_PORT";
    private static final String KAFKA_CONTROLLER_PORT = "KAFKA_CONTROLLER_PORT";
    private static final String POSTGRES_PORT = "POSTGRES_PORT";
    private static final Map<String, Integer> INFRASTRUCTURE_PORTS =
            Map.of(KAFKA_PORT, 9092, KAFKA_CONTROLLER_PORT, 9093, POSTGRES_PORT, 15432);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path root;
    private final Path home;
    private final Map<String, String> environment;
    private final PrintStream out;
    private final RunState runState;

    Pipeline(Path root, Map<String, String> environment, PrintStream out) {
        this.root = root;
        this.home = root.resolve(environment.getOrDefault("PIPELINE_HOME", ".pipeline"));
        this.environment = environment;
        this.out = out;
        this.runState = new RunState(home);
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "up" : args[0];
        Pipeline pipeline = new Pipeline(Path.of("").toAbsolutePath(), System.getenv(), System.out);
        try {
            System.exit(pipeline.run(command, args));
        } catch (UnsupportedOperationException unsupportedPlatform) {
            System.err.println(unsupportedPlatform.getMessage());
            System.exit(2);
        }
    }

    private int run(String command, String[] args) throws Exception {
        return switch (command) {
            case "up" -> {
                int instances;
                try {
                    instances = instances(rest(args));
                } catch (IllegalArgumentException e) {
                    System.err.println(e.getMessage());
                    yield 2;
                }
                yield up(instances);
            }
            case "status" -> status();
            case "stop" -> stop();
            case "reset" -> reset(List.of(args).contains("--yes"));
            case "demo" -> new Demo(localEnvironment(), out).run();
            case "chaos" -> ChaosRun.run(root, rest(args), environment, out);
            default -> {
                System.err.println("Unknown command " + command + ": see ./pipeline help");
                yield 2;
            }
        };
    }

    private static List<String> rest(String[] args) {
        return args.length == 0 ? List.of() : List.of(args).subList(1, args.length);
    }

    /** {@code up --instances N}: N instances of the gateway, the reconciler and link-service each (1). */
    private static int instances(List<String> args) {
        int instances = 1;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--instances") && i + 1 < args.size()) {
                instances = Integer.parseInt(args.get(++i));
            } else {
                throw new IllegalArgumentException("Unknown option for up: " + args.get(i) + " (see ./pipeline help)");
            }
        }
        if (instances < 1 || instances > 4) {
            throw new IllegalArgumentException("--instances takes 1 to 4, was " + instances);
        }
        return instances;
    }

    /**
     * @param instances how many instances of the gateway, the reconciler and link-service each: with more than one,
     *     each app's port is a {@link LoadBalancer} in front of them
     */
    int up(int instances) throws InterruptedException {
        // ./pipeline says when it started, or finished building; the launcher's process began before any build.
        Instant launched = Optional.ofNullable(environment.get("PIPELINE_STARTED_MS"))
                .map(millis -> Instant.ofEpochMilli(Long.parseLong(millis)))
                .or(() -> ProcessHandle.current().info().startInstant())
                .orElseGet(Instant::now);
        if (runState.running()) {
            out.println("The pipeline is already running (launcher pid "
                    + runState.launcher().orElseThrow().pid() + "): see ./pipeline status, or ./pipeline stop first.");
            return 1;
        }
        runState.cleanUpAfterDeadLauncher().ifPresent(out::println);
        Map<App, Integer> ports = appPorts();
        if (!portsFree(ports)) {
            return 1;
        }
        Credentials credentials = credentials();
        DevStack infrastructure = DevStack.of(settings());
        // The sandbox keeps its links, payments and deliveries beside the broker's and the database's data, so a
        // restart finds the links of open orders still payable, as the provider would.
        Map<App, Map<String, String>> appEnvironment = Map.of(
                App.REQUEST_SANDBOX,
                Map.of(
                        "SANDBOX_DATA_DIR",
                        home.resolve("data").resolve("sandbox").toAbsolutePath().toString()));
        LocalSystem system = new LocalSystem(
                root,
                infrastructure,
                credentials,
                ports,
                LocalSystem.instancesOfEach(instances),
                environment,
                appEnvironment,
                jvmOptions(environment),
                home.resolve("logs"),
                out);
        CountDownLatch stopped = new CountDownLatch(1);
        // Registered before anything starts, so Ctrl-C at any moment stops what has started and leaves no run file.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            out.println("Stopping ...");
                            system.close();
                            infrastructure.close();
                            runState.delete();
                            out.println("Stopped.");
                            stopped.countDown();
                        },
                        "pipeline-stop"));
        runState.write(List.of());
        out.println("Starting Kafka and PostgreSQL (data in " + root.relativize(home.resolve("data")) + ") ...");
        infrastructure.start();
        runState.write(components(system, List.of()));
        out.println("Starting request-sandbox, webhook-gateway, reconciler and link-service ...");
        List<App> apps = List.of(App.values());
        system.launch(apps);
        runState.write(components(system, apps));
        system.awaitHealthy(apps);
        writeEnvFile(home.resolve("local.env"), system.localEnvironment());
        printSummary(system, Duration.between(launched, Instant.now()));
        stopped.await();
        return 0;
    }

    int status() {
        if (!runState.running()) {
            long left = runState.components().stream()
                    .filter(RunState.Component::alive)
                    .count();
            out.println(
                    left == 0
                            ? "The pipeline is not running. Start it with ./pipeline up."
                            : "The pipeline is not running, but its launcher was killed and left " + left
                                    + " processes running: ./pipeline stop (or the next up) stops them.");
            return 3;
        }
        out.printf("%-16s %-8s %-9s %s%n", "component", "pid", "state", "address");
        boolean allHealthy = true;
        for (RunState.Component component : runState.components()) {
            String state =
                    !component.alive() ? "stopped" : component.healthUrl() == null ? "running" : health(component);
            allHealthy &= state.equals("running") || state.equals("healthy");
            out.printf("%-16s %-8d %-9s %s%n", component.name(), component.pid(), state, component.address());
        }
        return allHealthy ? 0 : 1;
    }

    int stop() {
        List<RunState.Component> components = runState.components();
        runState.launcher().flatMap(RunState.Component::process).ifPresent(launcher -> {
            out.println("Stopping the pipeline (launcher pid " + launcher.pid() + ") ...");
            launcher.destroy();
            launcher.onExit()
                    .orTimeout(90, TimeUnit.SECONDS)
                    .exceptionally(timeout -> null)
                    .join();
        });
        List<RunState.Component> left =
                components.stream().filter(RunState.Component::alive).toList();
        if (!left.isEmpty()) {
            out.println("Stopping what is still running: "
                    + String.join(
                            ", ", left.stream().map(RunState.Component::name).toList()));
            RunState.stopGently(left);
        }
        runState.delete();
        out.println(components.isEmpty() ? "The pipeline was not running." : "Stopped.");
        return 0;
    }

    int reset(boolean confirmed) throws IOException {
        if (runState.running()) {
            out.println("The pipeline is running: ./pipeline stop first.");
            return 1;
        }
        if (!confirmed
                && !askYes("Delete all local data in " + root.relativize(home)
                        + " (orders, Kafka topics, logs, development credentials)? [y/N] ")) {
            out.println("Nothing deleted.");
            return 1;
        }
        Path postgresData = DevStack.of(settings()).postgres().dataDirectory();
        if (!postgresData.startsWith(home)) {
            deleteRecursively(postgresData.getParent());
        }
        deleteRecursively(home);
        out.println("Deleted " + root.relativize(home) + ". The next ./pipeline up starts from scratch.");
        return 0;
    }

    /** The variables {@code up} wrote, for commands that talk to a running system. */
    Map<String, String> localEnvironment() {
        Path file = home.resolve("local.env");
        if (!Files.exists(file)) {
            throw new IllegalStateException("No " + root.relativize(file) + ": start the system with ./pipeline up");
        }
        return readEnvFile(file);
    }

    private DevStack.Settings settings() {
        return new DevStack.Settings(
                home.resolve("data"),
                port(KAFKA_PORT),
                port(KAFKA_CONTROLLER_PORT),
                port(POSTGRES_PORT),
                Integer.parseInt(environment.getOrDefault("KAFKA_PARTITIONS", "3")),
                "512m",
                true,
                false);
    }

    private Map<App, Integer> appPorts() {
        Map<App, Integer> ports = new EnumMap<>(App.class);
        for (App app : App.values()) {
            ports.put(app, Integer.parseInt(environment.getOrDefault(app.portVariable(), "" + app.defaultPort())));
        }
        return ports;
    }

    /** Checks every port before anything starts, naming the variable that moves what is in the way. */
    private boolean portsFree(Map<App, Integer> appPorts) {
        record PortUse(int port, String what, String variable) {}
        List<PortUse> uses = new ArrayList<>(List.of(
                new PortUse(port(KAFKA_PORT), "Kafka", KAFKA_PORT),
                new PortUse(port(KAFKA_CONTROLLER_PORT), "the Kafka controller", KAFKA_CONTROLLER_PORT),
                new PortUse(port(POSTGRES_PORT), "PostgreSQL", POSTGRES_PORT)));
        appPorts.forEach((app, port) -> uses.add(new PortUse(port, app.module(), app.portVariable())));
        boolean free = true;
        for (PortUse use : uses) {
            if (!DevStack.isPortFree(use.port())) {
                out.printf(
                        "Port %d for %s is already in use. Stop what uses it, or choose another port: %s=<port> ./pipeline up%n",
                        use.port(), use.what(), use.variable());
                free = false;
            }
        }
        return free;
    }

    private int port(String variable) {
        return Integer.parseInt(environment.getOrDefault(variable, "" + INFRASTRUCTURE_PORTS.get(variable)));
    }

    /** The apps' JVM options: {@code PIPELINE_JAVA_OPTS} when set, else {@link #DEFAULT_JVM_OPTIONS}. */
    public static List<String> jvmOptions(Map<String, String> environment) {
        String options = environment.get("PIPELINE_JAVA_OPTS");
        return options == null ? DEFAULT_JVM_OPTIONS : List.of(options.trim().split("\\s+"));
    }

    /**
     * Development secrets: generated on the first run, kept in the home, overridable from the environment. A folder of
     * an earlier version gets what it lacks (the read-only operator) added.
     */
    private Credentials credentials() {
        Path file = home.resolve("credentials.env");
        Credentials generated = Credentials.generate();
        Credentials stored = Files.exists(file) ? Credentials.fromVariables(readEnvFile(file), generated) : generated;
        writeEnvFile(file, stored.asVariables());
        Map<String, String> effective = new LinkedHashMap<>();
        stored.asVariables().forEach((name, value) -> effective.put(name, environment.getOrDefault(name, value)));
        return Credentials.fromVariables(effective, stored);
    }

    /** Kafka, PostgreSQL and those of these apps that were launched, for the run file. */
    private static List<RunState.Component> components(LocalSystem system, List<App> apps) {
        List<RunState.Component> components = new ArrayList<>();
        DevStack infrastructure = system.infrastructure();
        components.add(component("kafka", infrastructure.kafka().pid(), infrastructure.kafkaBootstrapServers(), null));
        components.add(component("postgresql", infrastructure.postgres().pid(), infrastructure.jdbcUrl(), null));
        for (App app : apps) {
            for (AppProcess process : system.instances(app)) {
                components.add(
                        component(process.name(), process.pid(), process.url(), process.url() + "/actuator/health"));
            }
        }
        return components;
    }

    private static RunState.Component component(String name, long pid, String address, String healthUrl) {
        ProcessHandle process = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException(name + " (pid " + pid + ") exited during startup"));
        return RunState.Component.of(name, process, address, healthUrl);
    }

    /** The summary in one write, so that neither an app's log line nor a reader sees half of it. */
    private void printSummary(LocalSystem system, Duration sinceLaunch) {
        Credentials credentials = system.credentials();
        StringBuilder summary = new StringBuilder("\n");
        summary.append(
                "The pipeline is up: every app healthy %.1f s after ./pipeline up started (the build not counted).%n"
                        .formatted(sinceLaunch.toMillis() / 1000.0));
        for (App app : List.of(App.LINK_SERVICE, App.WEBHOOK_GATEWAY, App.RECONCILER, App.REQUEST_SANDBOX)) {
            List<AppProcess> instances = system.instances(app);
            summary.append("  %-16s %s%s%n"
                    .formatted(
                            app.module(),
                            system.url(app),
                            instances.size() == 1
                                    ? ""
                                    : " (load balancer in front of "
                                            + String.join(
                                                    ", ",
                                                    instances.stream()
                                                            .map(i -> i.name() + " on port " + i.port())
                                                            .toList())
                                            + ")"));
        }
        summary.append("  %-16s %s (SASL %s; an order system's login: ORDER_SYSTEM_KAFKA_* in local.env)%n"
                .formatted("kafka", system.infrastructure().kafkaBootstrapServers(), KafkaCredentials.SASL_MECHANISM));
        summary.append("  %-16s %s (user postgres)%n"
                .formatted("postgresql", system.infrastructure().jdbcUrl()));
        summary.append(
                "  %-16s %s (X-Api-Key on link-service and reconciler)%n".formatted("API key", credentials.apiKey()));
        summary.append("  %-16s %s, key %s (X-Admin-Key on the reconciler's /admin: may do everything)%n"
                .formatted("operator", credentials.adminUser(), credentials.adminKey()));
        summary.append("  %-16s %s, key %s (X-Admin-Key: GETs under /admin only)%n"
                .formatted("read-only", credentials.readOnlyAdminUser(), credentials.readOnlyAdminKey()));
        summary.append("  %-16s %s (sign in as %s with the operator's key as password, or as %s to look only)%n"
                .formatted(
                        "console",
                        system.url(App.RECONCILER) + "/console/",
                        credentials.adminUser(),
                        credentials.readOnlyAdminUser()));
        summary.append("URLs and development credentials: source ")
                .append(root.relativize(home.resolve("local.env")))
                .append('\n');
        summary.append(
                "Logs: ./pipeline logs <app>. Status: ./pipeline status. Ctrl-C (or ./pipeline stop) stops all.\n\n");
        out.print(summary);
        out.flush();
    }

    private static String health(RunState.Component component) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(component.healthUrl()))
                                    .timeout(Duration.ofSeconds(3))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"") ? "healthy" : "unhealthy";
        } catch (IOException e) {
            return "unhealthy";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private boolean askYes(String question) throws IOException {
        if (System.console() == null) {
            out.println("Not a terminal: pass --yes to confirm.");
            return false;
        }
        out.print(question);
        out.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return answer != null && answer.trim().toLowerCase().startsWith("y");
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    public static Map<String, String> readEnvFile(Path file) {
        Map<String, String> variables = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#") || !trimmed.contains("=")) {
                    continue;
                }
                String name = trimmed.substring(0, trimmed.indexOf('=')).replaceFirst("^export\\s+", "");
                String value = trimmed.substring(trimmed.indexOf('=') + 1).replaceAll("^'|'$", "");
                variables.put(name, value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return variables;
    }

    /**
     * Writes the file readable by its owner only (0600), also when it existed with wider permissions: it holds keys and
     * secrets. The text goes to a new file created 0600 beside it, which then replaces it in one rename, so the secrets
     * are never in a file others can read, not even for a moment, and a reader never sees half a file.
     */
    public static void writeEnvFile(Path file, Map<String, String> variables) {
        StringBuilder text =
                new StringBuilder("# Written by ./pipeline up: development values, never used elsewhere\n");
        variables.forEach((name, value) ->
                text.append("export ").append(name).append("='").append(value).append("'\n"));
        Path directory = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(directory);
            boolean posix =
                    directory.getFileSystem().supportedFileAttributeViews().contains("posix");
            Path written = posix
                    ? Files.createTempFile(directory, ".env-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : Files.createTempFile(directory, ".env-", ".tmp");
            try {
                Files.writeString(written, text, StandardCharsets.UTF_8);
                if (posix) {
                    Files.setPosixFilePermissions(written, OWNER_ONLY); // whatever the umask took away or not
                }
                Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(written);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
