package io.payrecon.launcher;

import io.payrecon.devstack.DevStack;
import io.payrecon.devstack.KafkaCredentials;
import io.payrecon.events.Principal;
import io.payrecon.events.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The sandbox and the three apps, each its own process (or several, behind a {@link LoadBalancer}), wired to one
 * {@link DevStack} and to each other. Built from the environment a person or a test gives, so any Spring property can
 * still be overridden.
 */
public final class LocalSystem implements AutoCloseable {

    private final DevStack infrastructure;
    private final Credentials credentials;
    private final Map<App, List<AppProcess>> apps = new EnumMap<>(App.class);
    private final Map<App, LoadBalancer> balancers = new EnumMap<>(App.class);
    private boolean stopsOnExit;
    private volatile boolean closed;

    /**
     * @param root the repository root, where each app's jar is at {@code <module>/target/<module>.jar}
     * @param ports the port of each app
     * @param baseEnvironment what every app inherits (the caller's environment for {@code ./pipeline up})
     * @param logDir where each app's log file goes
     * @param console where app output is echoed, prefixed by app name; null for none
     */
    public LocalSystem(
            Path root,
            DevStack infrastructure,
            Credentials credentials,
            Map<App, Integer> ports,
            Map<String, String> baseEnvironment,
            List<String> jvmOptions,
            Path logDir,
            PrintStream console) {
        this(root, infrastructure, credentials, ports, baseEnvironment, Map.of(), jvmOptions, logDir, console);
    }

    /**
     * As above, with variables for single apps on top of the wiring and the base environment (a chaos run's polling
     * ladder for the reconciler, say).
     *
     * @param appEnvironment per app, what it gets in addition; it wins over the wiring and the base environment
     */
    public LocalSystem(
            Path root,
            DevStack infrastructure,
            Credentials credentials,
            Map<App, Integer> ports,
            Map<String, String> baseEnvironment,
            Map<App, Map<String, String>> appEnvironment,
            List<String> jvmOptions,
            Path logDir,
            PrintStream console) {
        this(
                root,
                infrastructure,
                credentials,
                ports,
                Map.of(),
                baseEnvironment,
                appEnvironment,
                jvmOptions,
                logDir,
                console);
    }

    /**
     * As above, with more than one instance of some apps. An app with one instance listens on its port itself; an app
     * with more gets a {@link LoadBalancer} on its port and its instances on free ports, so everything that calls it
     * (the sandbox's webhooks, the traffic driver, an order system) still has one address. Instances after the first
     * are named and logged as {@code <module>-2}, {@code <module>-3}, … ({@code reconciler-2.log}); each reconciler
     * has its own static group membership ({@code RECONCILER_INSTANCE_ID=reconciler-<its port>}).
     *
     * @param instances per app, how many instances (1 when absent); the sandbox, the provider's stand-in, has one
     */
    public LocalSystem(
            Path root,
            DevStack infrastructure,
            Credentials credentials,
            Map<App, Integer> ports,
            Map<App, Integer> instances,
            Map<String, String> baseEnvironment,
            Map<App, Map<String, String>> appEnvironment,
            List<String> jvmOptions,
            Path logDir,
            PrintStream console) {
        this.infrastructure = infrastructure;
        this.credentials = credentials;
        for (App app : App.values()) {
            int count = instances.getOrDefault(app, 1);
            if (count < 1 || (app == App.REQUEST_SANDBOX && count != 1)) {
                throw new IllegalArgumentException(app.module() + " cannot run " + count + " instances");
            }
            List<Integer> instancePorts = count == 1 ? List.of(ports.get(app)) : freePorts(count);
            List<AppProcess> processes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int port = instancePorts.get(i);
                String name = i == 0 ? app.module() : app.module() + "-" + (i + 1);
                Map<String, String> environment = new LinkedHashMap<>(baseEnvironment);
                wiring(app, ports, port).forEach(environment::putIfAbsent);
                environment.putAll(appEnvironment.getOrDefault(app, Map.of()));
                environment.put("SERVER_PORT", Integer.toString(port));
                Path jar = root.resolve(app.module()).resolve("target").resolve(app.module() + ".jar");
                processes.add(new AppProcess(
                        name, jar, port, environment, jvmOptions, logDir.resolve(name + ".log"), console));
            }
            apps.put(app, List.copyOf(processes));
            if (count > 1) {
                balancers.put(app, new LoadBalancer(app.module(), ports.get(app), instancePorts));
            }
        }
    }

    /** {@code count} instances of the gateway, the reconciler and link-service each; one sandbox. */
    public static Map<App, Integer> instancesOfEach(int count) {
        Map<App, Integer> instances = new EnumMap<>(App.class);
        for (App app : App.values()) {
            instances.put(app, app == App.REQUEST_SANDBOX ? 1 : count);
        }
        return instances;
    }

    private static List<Integer> freePorts(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                held.add(new ServerSocket(0));
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // it was only held to pick distinct ports
                }
            }
        }
    }

    /** Free ports for every app: what tests want. */
    public static Map<App, Integer> freePorts() {
        Map<App, Integer> ports = new EnumMap<>(App.class);
        for (App app : App.values()) {
            try (var socket = new ServerSocket(0)) {
                ports.put(app, socket.getLocalPort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ports;
    }

    /** Creates the topics, then starts every app and waits until all are healthy. */
    public LocalSystem start() {
        return start(List.of(App.values()));
    }

    /**
     * Creates the topics, then starts these apps and waits until they are healthy; the others stay stopped. The apps
     * are stopped when this JVM exits, also when it is told to (SIGTERM or SIGINT to it alone), so a stopped
     * {@code ./pipeline chaos} or {@code bench} leaves no app behind. Further instances are started once the first
     * ones are healthy: seven JVMs starting at once on two cores take far longer than four, then three.
     */
    public synchronized LocalSystem start(Collection<App> which) {
        launchInstances(which, 0, 1);
        awaitInstances(which, 0, 1);
        launchInstances(which, 1, Integer.MAX_VALUE);
        return awaitInstances(which, 1, Integer.MAX_VALUE);
    }

    /** Creates the topics and launches these apps without waiting for them; they stop when this JVM exits. */
    public synchronized LocalSystem launch(Collection<App> which) {
        return launchInstances(which, 0, Integer.MAX_VALUE);
    }

    /** Waits until these launched apps are healthy; stops every app when one exits or is not healthy in time. */
    public LocalSystem awaitHealthy(Collection<App> which) {
        return awaitInstances(which, 0, Integer.MAX_VALUE);
    }

    /** Launches instances {@code from} (inclusive) to {@code to} (exclusive) of these apps, those they have. */
    private synchronized LocalSystem launchInstances(Collection<App> which, int from, int to) {
        if (!stopsOnExit) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::close, "local-system-stop"));
            stopsOnExit = true;
        }
        infrastructure.ensureTopics(Topics.ALL);
        for (App app : which) {
            if (closed) {
                throw new IllegalStateException("Stopped while starting: " + app.module() + " not launched");
            }
            if (balancers.containsKey(app)) {
                balancers.get(app).start();
            }
            instancesBetween(app, from, to).forEach(AppProcess::launch);
        }
        return this;
    }

    private LocalSystem awaitInstances(Collection<App> which, int from, int to) {
        List<CompletableFuture<Void>> healthy = new ArrayList<>();
        for (App app : which) {
            for (AppProcess instance : instancesBetween(app, from, to)) {
                healthy.add(CompletableFuture.runAsync(instance::awaitHealthy));
            }
        }
        try {
            CompletableFuture.allOf(healthy.toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            close();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        return this;
    }

    private List<AppProcess> instancesBetween(App app, int from, int to) {
        List<AppProcess> all = apps.get(app);
        return all.subList(Math.min(from, all.size()), Math.min(to, all.size()));
    }

    /** The app's first instance: its only one, unless the system was made with more. */
    public AppProcess app(App app) {
        return apps.get(app).getFirst();
    }

    /** Every instance of the app, the first first. */
    public List<AppProcess> instances(App app) {
        return apps.get(app);
    }

    /** Where the app is called: its load balancer's address when it has more than one instance. */
    public String url(App app) {
        LoadBalancer balancer = balancers.get(app);
        return balancer != null ? balancer.url() : app(app).url();
    }

    /** The load balancer in front of the app's instances, when it has more than one. */
    public Optional<LoadBalancer> balancer(App app) {
        return Optional.ofNullable(balancers.get(app));
    }

    public DevStack infrastructure() {
        return infrastructure;
    }

    public Credentials credentials() {
        return credentials;
    }

    /** The variables of architecture §7, for {@code .pipeline/local.env} and for tests. */
    public Map<String, String> localEnvironment() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("LINK_SERVICE_URL", url(App.LINK_SERVICE));
        variables.put("WEBHOOK_GATEWAY_URL", url(App.WEBHOOK_GATEWAY));
        variables.put("RECONCILER_URL", url(App.RECONCILER));
        variables.put("SANDBOX_URL", url(App.REQUEST_SANDBOX));
        variables.put("KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafkaBootstrapServers());
        // What an order system needs to read orders.payment-status.v1 (./pipeline demo does): its own login.
        KafkaCredentials orderSystem = infrastructure.credentials(Principal.ORDER_SYSTEM);
        variables.put("KAFKA_SECURITY_PROTOCOL", KafkaCredentials.SECURITY_PROTOCOL);
        variables.put("KAFKA_SASL_MECHANISM", KafkaCredentials.SASL_MECHANISM);
        variables.put("ORDER_SYSTEM_KAFKA_USERNAME", orderSystem.username());
        variables.put("ORDER_SYSTEM_KAFKA_PASSWORD", orderSystem.password());
        variables.put("DATABASE_URL", infrastructure.jdbcUrl());
        variables.putAll(credentials.asVariables());
        // The operator console: the development operator signs in with their name and operator key.
        variables.put("CONSOLE_URL", url(App.RECONCILER) + "/console/");
        variables.put("CONSOLE_USER", credentials.adminUser());
        variables.put("CONSOLE_PASSWORD", credentials.adminKey());
        return variables;
    }

    /** Stops the apps, callers first. The infrastructure belongs to whoever started it. */
    @Override
    public void close() {
        closed = true; // a launch racing with a stop (Ctrl-C during start-up) must not leave an app behind
        List<App> order = new ArrayList<>(List.of(App.values()));
        Collections.reverse(order);
        order.forEach(app -> apps.get(app).reversed().forEach(AppProcess::stop));
        balancers.values().forEach(LoadBalancer::close);
    }

    /**
     * Where the local system's links collect: a payee wallet's USDC on Sepolia (6 decimals), bound to the sandbox's
     * credentials and configured in link-service, as a merchant copies it from the provider's dashboard.
     */
    public static final String PAYEE_DESTINATION =
            "0x6923831ACf5c327260D7ac7C9DfF5b1c3cB3C7D7@eip155:11155111#5A1C0F3E:0x1c7D4B196Cb0C7B01d743Fbc6116a902379C7238";

    /**
     * @param ports where each app is called (its load balancer when it has several instances)
     * @param instancePort this instance's own port
     */
    private Map<String, String> wiring(App app, Map<App, Integer> ports, int instancePort) {
        Map<String, String> env = new LinkedHashMap<>();
        String sandboxUrl = "http://localhost:" + ports.get(App.REQUEST_SANDBOX);
        String gatewayUrl = "http://localhost:" + ports.get(App.WEBHOOK_GATEWAY);
        switch (app) {
            case REQUEST_SANDBOX -> {
                env.put("SANDBOX_PUBLIC_URL", sandboxUrl);
                env.put("SANDBOX_WEBHOOK_URL", gatewayUrl + "/webhooks/request-network");
                env.put("WEBHOOK_SECRET", credentials.webhookSecret());
                env.put("REQUEST_API_KEY", credentials.requestApiKey());
                env.put("REQUEST_CLIENT_ID", credentials.requestClientId());
                env.put("SANDBOX_DESTINATION_ID", PAYEE_DESTINATION);
            }
            case WEBHOOK_GATEWAY -> {
                kafka(app, env);
                env.put("WEBHOOK_SECRET", credentials.webhookSecret());
            }
            case RECONCILER -> {
                kafka(app, env);
                database(env);
                env.put("API_KEY", credentials.apiKey());
                // The development operators, their keys only as hashes; the keys are in local.env for people.
                env.put("ADMIN_OPERATORS", credentials.adminOperators());
                env.put("WEBHOOK_SECRET", credentials.webhookSecret());
                // Static group membership: a restarted reconciler (same port, same id) gets its partitions back at
                // once instead of after the session timeout. Each instance has its own port, hence its own id.
                env.put("RECONCILER_INSTANCE_ID", "reconciler-" + instancePort);
                env.put("REQUEST_BASE_URL", sandboxUrl);
                env.put("REQUEST_API_KEY", credentials.requestApiKey());
                // The console's overview shows the webhooks the gateway refused, which only the gateway counts.
                env.put("RECONCILER_CONSOLE_GATEWAY_METRICS_URL", gatewayUrl + "/actuator/prometheus");
            }
            case LINK_SERVICE -> {
                kafka(app, env);
                database(env);
                env.put("API_KEY", credentials.apiKey());
                env.put("LINKS_PUBLIC_URL", "http://localhost:" + ports.get(App.LINK_SERVICE));
                env.put("LINKS_DESTINATION_ID", PAYEE_DESTINATION);
                env.put("REQUEST_BASE_URL", sandboxUrl);
                env.put("REQUEST_API_KEY", credentials.requestApiKey());
            }
        }
        return env;
    }

    /** The broker, and the app's own login to it: the principal of its row in the access table. */
    private void kafka(App app, Map<String, String> env) {
        KafkaCredentials login = infrastructure.credentials(app.kafkaPrincipal().orElseThrow());
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafkaBootstrapServers());
        env.put("KAFKA_USERNAME", login.username());
        env.put("KAFKA_PASSWORD", login.password());
    }

    private void database(Map<String, String> env) {
        env.put("SPRING_DATASOURCE_URL", infrastructure.jdbcUrl());
        env.put("SPRING_DATASOURCE_USERNAME", infrastructure.databaseUser());
        env.put("SPRING_DATASOURCE_PASSWORD", infrastructure.databasePassword());
    }
}
