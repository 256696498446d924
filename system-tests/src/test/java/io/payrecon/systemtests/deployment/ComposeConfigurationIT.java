package io.payrecon.systemtests.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.events.Principal;
import io.payrecon.events.Principal.Grant;
import io.payrecon.events.Principal.Operation;
import io.payrecon.events.Principal.Resource;
import io.payrecon.events.Topics;
import io.payrecon.launcher.App;
import io.payrecon.systemtests.deployment.ComposeFile.Reference;
import io.payrecon.systemtests.deployment.ComposeFile.Service;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps {@code docker-compose.yml} and {@code docker/} from drifting away from the apps, although no container engine
 * runs where the build runs: every check reads the files a deployment uses and the jars the images are made from.
 *
 * <p><b>Required configuration.</b> Each app must get, from compose, every setting it cannot start without (the
 * table {@link #REQUIRED}, plus a provider credential for each app that binds {@code request.*}); a secret among them
 * must be a {@code ${VARIABLE:?message}} reference, so that compose itself refuses to start while it is unset and no
 * secret is ever written into the file.
 *
 * <p><b>No variable that maps to nothing.</b> An environment variable set for an app must set something in that app,
 * decided as {@link AppJar} describes: it is a {@code ${VARIABLE}} placeholder of the app's {@code application.yml},
 * or Spring's relaxed binding maps it to a property the app's jar knows — one of the configuration metadata Spring
 * Boot's processor wrote for Boot's jars, the libraries and the app (nested records included), of our
 * {@code @ConfigurationProperties} records only those the app binds. {@code JAVA_TOOL_OPTIONS} and
 * {@code JDK_JAVA_OPTIONS} are read by the JVM itself. A typo ({@code SPRING_DATASOURCE_PASWORD}), a renamed property,
 * or a variable of another app fails the build. What it does not see: a value of the wrong type, and settings bound
 * without {@code @ConfigurationProperties} (there are none).
 *
 * <p><b>Safe defaults.</b> Every port is published on the loopback interface unless {@code PUBLISH_ADDRESS} says
 * otherwise (the reconciler's admin port always), management ports not at all; the {@code tls} profile's nginx
 * ({@code docker/nginx/payrecon.conf}, read by {@link NginxConfig}) forwards the public paths of architecture §6 to the
 * apps' public ports and nothing else, never {@code /admin} or actuator; images are built, never pulled; PostgreSQL is
 * healthy only once its first-run init scripts are done.
 *
 * <p><b>Kafka logins.</b> Every listener of the broker requires SASL and every right an ACL; a new volume is formatted
 * with the super-user's credential ({@code docker/kafka/start-kafka.sh}, run here with stand-ins for the image's tool
 * and start script). The {@code topics} service's script, run with stand-ins for Kafka's tools, grants exactly the
 * access table of common-events' {@link Principal}: running it, rather than reading it, sees what it really asks
 * {@code kafka-acls.sh} for, whatever shell it takes to say so. Each app logs in as its own principal with the password
 * the script sets for that principal.
 */
class ComposeConfigurationIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String DOCKERFILE = "docker/app.Dockerfile";
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");
    private static final long THIRTY_DAYS_MS = Duration.ofDays(30).toMillis();
    private static final String LOOPBACK = "127.0.0.1";
    private static final String PUBLISH_ADDRESS = "${PUBLISH_ADDRESS:-" + LOOPBACK + "}";
    private static final String TLS_PROXY = "tls-proxy";
    private static final String NGINX_CONFIG = "docker/nginx/payrecon.conf";

    /** What the proxy forwards, by path: the app whose public port receives it (architecture §6). */
    private static final Map<String, App> PUBLIC_PATHS = Map.of(
            "/webhooks/request-network", App.WEBHOOK_GATEWAY,
            "/pay/1001", App.LINK_SERVICE,
            "/api/payment-links", App.LINK_SERVICE,
            "/api/payment-links/1001", App.LINK_SERVICE,
            "/api/orders", App.RECONCILER,
            "/api/orders/1001", App.RECONCILER);

    /** What the proxy must never forward: operators' and monitoring endpoints, and everything that is not public. */
    private static final List<String> PRIVATE_PATHS = List.of(
            "/admin",
            "/admin/",
            "/admin/dlt",
            "/admin/orders/1001/story",
            "/actuator",
            "/actuator/health",
            "/actuator/health/readiness",
            "/actuator/prometheus",
            "/v3/api-docs",
            "/console/",
            "/sandbox/payments/token",
            "/v2/request/1",
            "/api/",
            "/api/ordersX",
            "/",
            "/error");

    /** What an app refuses to start without, or cannot work without; secrets must come from the environment. */
    private record Required(List<String> anyOf, boolean secret) {

        static Required secret(String... anyOf) {
            return new Required(List.of(anyOf), true);
        }

        static Required setting(String name) {
            return new Required(List.of(name), false);
        }

        String describe() {
            return String.join(" or ", anyOf);
        }
    }

    /** The broker and the app's own login to it (its principal's name and password). */
    private static final List<Required> BROKER = List.of(
            Required.setting("SPRING_KAFKA_BOOTSTRAP_SERVERS"),
            Required.setting("KAFKA_USERNAME"),
            Required.secret("KAFKA_PASSWORD"));

    private static final List<Required> DATABASE_AND_BROKER = concat(
            List.of(
                    Required.setting("SPRING_DATASOURCE_URL"),
                    Required.setting("SPRING_DATASOURCE_USERNAME"),
                    Required.secret("SPRING_DATASOURCE_PASSWORD")),
            BROKER);

    private static final Map<App, List<Required>> REQUIRED = Map.of(
            App.LINK_SERVICE, concat(List.of(Required.secret("API_KEY")), DATABASE_AND_BROKER),
            App.RECONCILER,
                    concat(
                            List.of(
                                    Required.secret("API_KEY"),
                                    Required.secret("ADMIN_OPERATORS"),
                                    Required.secret("WEBHOOK_SECRET")),
                            DATABASE_AND_BROKER),
            App.WEBHOOK_GATEWAY, concat(List.of(Required.secret("WEBHOOK_SECRET")), BROKER),
            App.REQUEST_SANDBOX, List.of()); // a dev tool: it runs on printed development defaults

    private static ComposeFile compose;
    private static Map<App, AppJar> jars;

    @BeforeAll
    static void readComposeAndTheAppsJars() {
        compose = ComposeFile.read(ROOT.resolve("docker-compose.yml"));
        jars = new LinkedHashMap<>();
        for (App app : App.values()) {
            jars.put(app, AppJar.read(ROOT, app.module()));
        }
    }

    @Test
    void everyAppIsAServiceBuiltFromItsOwnJar() throws IOException {
        String ignore = Files.readString(ROOT.resolve(DOCKERFILE + ".dockerignore"));
        for (App app : App.values()) {
            Service service = compose.service(app.module());
            Map<String, Object> build = service.section("build");

            assertThat(service.string("pull_policy"))
                    .as(
                            "%s pull_policy: with an image name and no pull_policy, compose asks a registry first",
                            app.module())
                    .hasValue("build");
            assertThat(build.get("context"))
                    .as("%s build context", app.module())
                    .isEqualTo(".");
            assertThat(build.get("dockerfile"))
                    .as("%s Dockerfile", app.module())
                    .isEqualTo(DOCKERFILE);
            assertThat(String.valueOf(((Map<?, ?>) build.get("args")).get("APP")))
                    .as("%s build argument APP", app.module())
                    .isEqualTo(app.module());
            assertThat(ignore.lines())
                    .as("%s lets %s's jar into the build context", DOCKERFILE + ".dockerignore", app.module())
                    .contains("!" + app.module() + "/target/" + app.module() + ".jar");
        }
    }

    @Test
    void everyAppGetsTheSettingsItCannotStartWithout() {
        List<String> missing = new ArrayList<>();
        for (App app : App.values()) {
            List<Required> required = new ArrayList<>(REQUIRED.get(app));
            if (jars.get(app).binds("request.api-key")) {
                // RequestNetworkClient refuses to be built without one of them; compose cannot require one of two.
                required.add(new Required(List.of("REQUEST_API_KEY", "REQUEST_CLIENT_ID"), true));
            }
            Map<String, String> environment = compose.service(app.module()).environment();
            for (Required setting : required) {
                checkProvided(app, setting, environment).ifPresent(missing::add);
            }
        }

        assertThat(missing)
                .as("settings the apps need, missing from docker-compose.yml")
                .isEmpty();
    }

    @Test
    void everyVariableSetForAnAppMapsToOneOfItsProperties() {
        List<String> unknown = new ArrayList<>();
        for (App app : App.values()) {
            AppJar jar = jars.get(app);
            for (String variable : compose.service(app.module()).environment().keySet()) {
                if (!JVM_VARIABLES.contains(variable) && jar.target(variable).isEmpty()) {
                    unknown.add(app.module() + ": " + variable + " maps to no property of " + jar.jar() + " and to"
                            + " no ${" + variable + "} placeholder of its application.yml");
                }
            }
        }

        assertThat(unknown).as("variables the apps would silently ignore").isEmpty();
    }

    @Test
    void secretsComeFromTheEnvironmentAndAreNeverWrittenIntoTheFile() {
        List<String> written = new ArrayList<>();
        compose.services()
                .values()
                .forEach(service -> service.environment().forEach((variable, value) -> {
                    if (variable.matches(".*(KEY|SECRET|PASSWORD).*")) {
                        Optional<Reference> reference = Reference.of(value);
                        if (reference.isEmpty()
                                || !reference.get().defaultValue().isEmpty()) {
                            written.add(service.name() + ": " + variable + ": " + value);
                        }
                    }
                }));

        assertThat(written)
                .as("secrets with a value or default in docker-compose.yml")
                .isEmpty();
    }

    @Test
    void everyAppIsRestartedAndHealthCheckedOnItsReadinessProbe() {
        for (App app : App.values()) {
            Service service = compose.service(app.module());
            Map<String, String> environment = service.environment();
            String port = Optional.ofNullable(environment.get("MANAGEMENT_SERVER_PORT"))
                    .or(() -> Optional.ofNullable(environment.get("SERVER_PORT")))
                    .or(() -> jars.get(app).applicationYaml("management.server.port"))
                    .or(() -> jars.get(app).applicationYaml("server.port"))
                    .orElse("8080");

            assertThat(service.string("restart"))
                    .as("%s restart policy", app.module())
                    .hasValueSatisfying(policy -> assertThat(policy).isIn("always", "unless-stopped", "on-failure"));
            // curl is in the base image; the Dockerfile fails its build if that ever changes.
            assertThat(service.healthcheck())
                    .as("%s health check", app.module())
                    .startsWith("CMD", "curl", "--fail")
                    .endsWith("http://localhost:" + port + "/actuator/health/readiness");
        }
        for (String infrastructure : List.of("kafka", "postgres")) {
            assertThat(compose.service(infrastructure).healthcheck())
                    .as("%s health check", infrastructure)
                    .isNotEmpty();
            assertThat(compose.service(infrastructure).string("restart")).hasValue("unless-stopped");
        }
    }

    @Test
    void appsStartOnlyOnceTheirBrokerAndDatabaseAreHealthyAndTheTopicsExist() {
        for (App app : App.values()) {
            if (app == App.REQUEST_SANDBOX) {
                continue; // calls nothing of ours until a payment is simulated; the gateway then answers or not
            }
            Map<String, String> dependsOn = compose.service(app.module()).dependsOn();

            assertThat(dependsOn)
                    .as("%s waits for", app.module())
                    .containsEntry("kafka", "service_healthy")
                    .containsEntry("topics", "service_completed_successfully");
            if (jars.get(app).binds("spring.datasource.url")) {
                assertThat(dependsOn).as("%s waits for", app.module()).containsEntry("postgres", "service_healthy");
            }
        }
    }

    @Test
    void theSandboxAndTheTlsProxyRunOnlyUnderTheirProfiles() {
        Map<String, List<String>> profiles =
                Map.of(App.REQUEST_SANDBOX.module(), List.of("sandbox"), TLS_PROXY, List.of("tls"));
        compose.services()
                .values()
                .forEach(service -> assertThat(service.strings("profiles"))
                        .as("%s profiles", service.name())
                        .isEqualTo(profiles.getOrDefault(service.name(), List.of())));
        // A service that depends on the sandbox would start it without its profile: the production set would hold it.
        assertThat(compose.services().values())
                .as("services that depend on request-sandbox")
                .noneMatch(service -> service.dependsOn().containsKey(App.REQUEST_SANDBOX.module()));
        assertThat(Reference.of(compose.service("request-sandbox").environment().get("WEBHOOK_SECRET")))
                .as("the sandbox signs with the secret the gateway checks")
                .isEqualTo(Reference.of(
                        compose.service("webhook-gateway").environment().get("WEBHOOK_SECRET")));
    }

    @Test
    void theSandboxListensOnTheLoopbackUnlessComposeMakesItListenInItsContainer() {
        assertThat(jars.get(App.REQUEST_SANDBOX).applicationYaml("server.address"))
                .as("request-sandbox's server.address")
                .hasValue(LOOPBACK);
        assertThat(compose.service(App.REQUEST_SANDBOX.module()).environment())
                .as("request-sandbox in its container")
                .containsEntry("SERVER_ADDRESS", "0.0.0.0");
        for (App app : App.values()) {
            if (app != App.REQUEST_SANDBOX) {
                assertThat(jars.get(app).applicationYaml("server.address"))
                        .as("%s binds every interface: compose decides what is published", app.module())
                        .isEmpty();
            }
        }
    }

    @Test
    void everyPortIsPublishedOnTheLoopbackUnlessToldOtherwise() {
        List<String> exposed = new ArrayList<>();
        for (Service service : compose.services().values()) {
            if (service.name().equals(TLS_PROXY)) {
                continue; // the one service meant to face the internet
            }
            for (PublishedPort port : publishedPorts(service)) {
                if (!port.hostAddress().equals(LOOPBACK)) {
                    exposed.add(service.name() + ": " + port.declared());
                }
            }
        }

        assertThat(exposed)
                .as("ports published on another interface than %s by default", LOOPBACK)
                .isEmpty();
        for (App app : App.values()) {
            Service service = compose.service(app.module());
            int serverPort = serverPort(app);
            List<PublishedPort> ports = publishedPorts(service);

            assertThat(ports)
                    .as("%s publishes its public port %s on %s", app.module(), serverPort, PUBLISH_ADDRESS)
                    .anySatisfy(port -> {
                        assertThat(port.containerPort()).isEqualTo(serverPort);
                        assertThat(port.declaredAddress()).isEqualTo(PUBLISH_ADDRESS);
                    });
            assertThat(ports)
                    .as(
                            "%s: every port but the public one is on %s whatever PUBLISH_ADDRESS is",
                            app.module(), LOOPBACK)
                    .filteredOn(port -> port.containerPort() != serverPort)
                    .allSatisfy(port -> assertThat(port.declaredAddress()).isEqualTo(LOOPBACK));
        }
        assertThat(compose.service("kafka").strings("ports"))
                .as("Kafka's EXTERNAL listener: SASL, but without TLS")
                .allSatisfy(port -> assertThat(port).startsWith("${KAFKA_EXTERNAL_BIND:-" + LOOPBACK + "}:"));
    }

    @Test
    void actuatorAndTheAdminApiAreNeverOnThePublicPortAndTheirPortsNeverPublishedWidely() {
        for (App app : App.values()) {
            Map<String, String> environment = compose.service(app.module()).environment();
            int serverPort = serverPort(app);
            String management = environment.get("MANAGEMENT_SERVER_PORT");

            assertThat(management)
                    .as("%s: MANAGEMENT_SERVER_PORT puts actuator on a port of its own", app.module())
                    .isNotNull()
                    .isNotEqualTo(String.valueOf(serverPort));
            assertThat(publishedPorts(compose.service(app.module())))
                    .as("%s: the management port %s is not published", app.module(), management)
                    .noneMatch(port -> port.containerPort() == Integer.parseInt(management));
        }
        Service reconciler = compose.service(App.RECONCILER.module());
        String adminPort = reconciler.environment().get("RECONCILER_ADMIN_PORT");

        assertThat(jars.get(App.RECONCILER).binds("reconciler.admin-port")).isTrue();
        assertThat(adminPort)
                .as("the reconciler's admin port (RECONCILER_ADMIN_PORT)")
                .isNotNull()
                .isNotIn(
                        String.valueOf(serverPort(App.RECONCILER)),
                        reconciler.environment().get("MANAGEMENT_SERVER_PORT"));
        assertThat(publishedPorts(reconciler))
                .as("the admin port, published for operators on this host only")
                .filteredOn(port -> port.containerPort() == Integer.parseInt(adminPort))
                .singleElement()
                .satisfies(port -> assertThat(port.declaredAddress()).isEqualTo(LOOPBACK));
    }

    @Test
    void postgresIsHealthyOnlyOnceItsFirstRunInitScriptsAreDone() {
        String check = String.join(" ", compose.service("postgres").healthcheck());

        // The image runs /docker-entrypoint-initdb.d on a temporary server that listens on the Unix socket only
        // (listen_addresses=''), so only a TCP connection proves that the roles of init-schemas.sh exist.
        assertThat(check)
                .as("postgres health check")
                .contains("pg_isready")
                .containsPattern("(--host[ =]|-h ?)(127\\.0\\.0\\.1|localhost)\\b");
    }

    @Test
    void theTlsProxyForwardsOnlyThePublicPathsToTheAppsPublicPorts() {
        Service proxy = compose.service(TLS_PROXY);
        NginxConfig.Directive config = NginxConfig.read(ROOT.resolve(NGINX_CONFIG));
        List<NginxConfig.Directive> servers = config.all("server");

        assertThat(proxy.string("image"))
                .hasValueSatisfying(image -> assertThat(image).startsWith("nginx:"));
        assertThat(proxy.strings("volumes"))
                .contains("./" + NGINX_CONFIG + ":/etc/nginx/conf.d/default.conf:ro")
                .anySatisfy(volume -> assertThat(volume).endsWith(":/etc/nginx/certs:ro"));
        assertThat(servers).as("server blocks of %s", NGINX_CONFIG).singleElement();
        NginxConfig.Directive server = servers.getFirst();
        assertThat(server.all("listen"))
                .singleElement()
                .satisfies(listen -> assertThat(listen.args()).contains("ssl"));
        assertThat(server.value("ssl_certificate"))
                .hasValueSatisfying(path -> assertThat(path).startsWith("/etc/nginx/certs/"));
        assertThat(publishedPorts(proxy))
                .as("the proxy publishes its TLS port only")
                .singleElement()
                .satisfies(port -> assertThat(port.containerPort())
                        .isEqualTo(Integer.parseInt(
                                server.first("listen").orElseThrow().args().getFirst())));
        // The location algorithm of NginxConfig is nginx's only without these.
        assertThat(config.flatten())
                .as("regular-expression or nested locations, or other ways to forward")
                .noneMatch(directive -> directive.name().equals("location")
                        && (directive.args().getFirst().startsWith("~")
                                || !directive.all("location").isEmpty()))
                .noneMatch(directive -> directive.name().matches("(fastcgi|uwsgi|scgi|grpc|memcached)_pass"));
        assertThat(config.all("location"))
                .as("locations outside the server block")
                .isEmpty();

        for (NginxConfig.Directive location : server.all("location")) {
            Optional<URI> upstream = location.upstream();
            if (upstream.isEmpty()) {
                assertThat(location.value("return"))
                        .as("location %s forwards nothing, so it answers an error", location.args())
                        .hasValueSatisfying(answer -> assertThat(answer).matches("4\\d\\d"));
                continue;
            }
            App app = Arrays.stream(App.values())
                    .filter(candidate ->
                            candidate.module().equals(upstream.get().getHost()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(
                            "location " + location.args() + " forwards to " + upstream.get() + ", which is no app"));
            assertThat(app).as("location %s", location.args()).isNotEqualTo(App.REQUEST_SANDBOX);
            assertThat(upstream.get().getPort())
                    .as(
                            "location %s forwards to %s's public port, never its management or admin port",
                            location.args(), app.module())
                    .isEqualTo(serverPort(app));
            assertThat(upstream.get().getPath())
                    .as("location %s forwards the path as the client sent it", location.args())
                    .isEmpty();
            assertThat(location.first("limit_except"))
                    .as("location %s allows only its endpoints' methods", location.args())
                    .isPresent();
        }
        PUBLIC_PATHS.forEach((path, app) -> assertThat(server.location(path).flatMap(NginxConfig.Directive::upstream))
                .as("%s is forwarded to %s", path, app.module())
                .hasValueSatisfying(upstream -> assertThat(upstream.getHost()).isEqualTo(app.module())));
        assertThat(PRIVATE_PATHS)
                .as("paths the proxy forwards although they are not public")
                .allSatisfy(path -> assertThat(server.location(path).flatMap(NginxConfig.Directive::upstream))
                        .as(path)
                        .isEmpty());
    }

    @Test
    void theTlsProxyRefusesPathsTheAppsWouldReadDifferentlyAndLimitsBodiesAndSlowClients() {
        NginxConfig.Directive config = NginxConfig.read(ROOT.resolve(NGINX_CONFIG));
        NginxConfig.Directive server = config.all("server").getFirst();
        NginxConfig.Directive guard = server.all("if").stream()
                .filter(check -> check.args().getFirst().equals("($request_uri"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the server has no if ($request_uri ~ …) guard"));
        Pattern refused = Pattern.compile(guard.args().get(2));

        assertThat(guard.args().get(1)).isEqualTo("~");
        assertThat(guard.value("return")).hasValue("400");
        // Paths nginx and Tomcat would normalize differently: Tomcat drops ";…" before it resolves "..".
        assertThat(List.of(
                        "/api/orders/..;/..;/admin/dlt",
                        "/api/orders/..%2F..%2Fadmin/dlt",
                        "/api/orders/%2e%2e/%2E%2E/admin/dlt",
                        "/api/orders/../../admin/dlt",
                        "/pay/./1001",
                        "/pay/1001;x",
                        "/pay/1001%3Bx",
                        "/pay/..%5Cadmin",
                        "/pay/1001%00",
                        "/pay\\..\\admin",
                        "//admin/dlt",
                        "/pay//1001"))
                .allSatisfy(path ->
                        assertThat(refused.matcher(path).find()).as(path).isTrue());
        assertThat(List.of(
                        "/pay/1001",
                        "/api/orders?status=PAID",
                        "/api/orders/1001?from=a//b;c/../d",
                        "/webhooks/request-network",
                        "/api/payment-links/order-1.2"))
                .allSatisfy(path ->
                        assertThat(refused.matcher(path).find()).as(path).isFalse());

        assertThat(config.value("client_max_body_size")).as("body size limit").hasValue("16k");
        assertThat(server.location("/webhooks/request-network")
                        .flatMap(location -> location.value("client_max_body_size")))
                .as("the webhook body limit: the gateway's gateway.max-body-size")
                .hasValue("64k");
        for (String timeout : List.of(
                "client_header_timeout",
                "client_body_timeout",
                "send_timeout",
                "proxy_connect_timeout",
                "proxy_read_timeout",
                "proxy_send_timeout")) {
            assertThat(config.value(timeout)).as(timeout).isPresent();
        }
        assertThat(config.value("proxy_next_upstream"))
                .as("nginx never sends a request twice (a webhook appended twice)")
                .hasValue("off");
    }

    @Test
    void imagesRunAsANonRootUserWithTheHeapSizedByTheContainerAndTheJarsOwnLayers() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve(DOCKERFILE));
        List<String> users = instructions(dockerfile, "USER");

        assertThat(instructions(dockerfile, "ARG")).contains("JAVA_IMAGE=eclipse-temurin:25-jre");
        assertThat(users).as("USER instructions").isNotEmpty();
        assertThat(users.get(users.size() - 1).split(":")[0])
                .as("the user the app runs as")
                .isNotIn("root", "0");
        assertThat(instructions(dockerfile, "COPY")).contains("${APP}/target/${APP}.jar application.jar");
        assertThat(dockerfile)
                .contains("java -Djarmode=tools -jar application.jar extract --layers")
                .contains("curl --version");
        assertThat(instructions(dockerfile, "ENTRYPOINT"))
                .singleElement()
                .asString()
                .contains("\"-XX:MaxRAMPercentage=75\"")
                .endsWith("\"-jar\", \"application.jar\"]");
        // Every layer the jar declares is copied into the image, or classes would be missing at run time.
        for (App app : App.values()) {
            for (String layer : layers(jars.get(app).jar())) {
                assertThat(instructions(dockerfile, "COPY"))
                        .as("%s layer %s", app.module(), layer)
                        .contains("--from=layers /build/extracted/" + layer + "/ ./");
            }
        }
    }

    /**
     * The image's start-up archive, without Docker: the sandbox's jar laid out as the image lays it out, started twice
     * with the image's own ENTRYPOINT (each run ends after the context's refresh). The first run writes the archive
     * when it exits; the second maps it.
     */
    @Test
    void theImageKeepsTheClassesItsAppLoadedInAnArchiveThatItsNextStartMaps(@TempDir Path dir) throws Exception {
        String dockerfile = Files.readString(ROOT.resolve(DOCKERFILE));
        assertThat(instructions(dockerfile, "RUN"))
                .anySatisfy(run -> assertThat(run).contains("mkdir -p /app/cds && chown 10001:10001 /app/cds"));
        List<String> entrypoint = Arrays.stream(instructions(dockerfile, "ENTRYPOINT")
                        .getFirst()
                        .replaceAll("^\\[|\\]$", "")
                        .split(","))
                .map(word -> word.strip().replaceAll("^\"|\"$", ""))
                .toList();
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path app = dir.resolve("app");
        Path extracted = dir.resolve("extracted");
        // as the image's first stage: the jar copied as application.jar, so the extracted jar has that name too
        Path jar = Files.copy(jars.get(App.REQUEST_SANDBOX).jar(), dir.resolve("application.jar"));
        Process extract = new ProcessBuilder(
                        java,
                        "-Djarmode=tools",
                        "-jar",
                        jar.toString(),
                        "extract",
                        "--layers",
                        "--destination",
                        extracted.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("extract.log").toFile())
                .start();
        assertThat(extract.waitFor(60, TimeUnit.SECONDS) && extract.exitValue() == 0)
                .as(() -> read(dir.resolve("extract.log")))
                .isTrue();
        for (String layer : layers(jars.get(App.REQUEST_SANDBOX).jar())) {
            copyTree(extracted.resolve(layer), app);
        }
        Files.createDirectories(app.resolve("cds"));
        List<String> command = new ArrayList<>();
        for (String word : entrypoint) {
            if (word.equals("-jar")) {
                command.add("-Dspring.context.exit=onRefresh");
                command.add("-Xlog:cds=info");
            }
            command.add(word.equals("java") ? java : word.replace("/app/", app + "/"));
        }
        Path archive = app.resolve("cds/application.jsa");

        String first = startAndExit(command, app);
        assertThat(archive).as(first).isNotEmptyFile();
        String second = startAndExit(command, app);

        assertThat(second).contains("Opened shared archive file " + archive);
    }

    private static String startAndExit(List<String> command, Path app) throws Exception {
        Path log = Files.createTempFile(app, "run", ".log");
        Process process = new ProcessBuilder(command)
                .directory(app.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean exited = process.waitFor(180, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String output = read(log);
        assertThat(exited && process.exitValue() == 0).as(output).isTrue();
        return output;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    @Test
    void theTopicsServiceCreatesEveryTopicOfTheCatalogueWithItsPartitionsAndTheArchiveRetention() {
        Service topics = compose.service("topics");
        Map<String, String> environment = topics.environment();
        Map<String, String> configs = topicConfigs(environment.get("TOPICS"));

        assertThat(configs.keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL);
        for (String topic : Topics.ALL) {
            assertThat(configMap(configs.get(topic)))
                    .as("the configs %s is created with", topic)
                    .containsAllEntriesOf(Topics.configs(topic));
        }
        assertThat(configMap(configs.get(Topics.ORDER_PAYMENT_STATUS_LATEST)))
                .as("the latest-status topic, which order systems bootstrap from")
                .containsEntry("cleanup.policy", "compact");
        assertThat(environment).containsEntry("PARTITIONS", "${KAFKA_PARTITIONS:-6}");
        assertThat(retentionMs(configs.get(Topics.WEBHOOKS)))
                .as("the webhook archive's retention")
                .isEqualTo("${WEBHOOK_RETENTION_MS:-2592000000}");
        assertThat(Long.parseLong(ComposeFile.withDefaults(retentionMs(configs.get(Topics.WEBHOOKS)))))
                .isGreaterThanOrEqualTo(THIRTY_DAYS_MS);
        assertThat(topics.string("image")).isEqualTo(compose.service("kafka").string("image"));
        assertThat(topics.string("image"))
                .hasValueSatisfying(image -> assertThat(image).startsWith("apache/kafka:"));
        assertThat(topics.strings("entrypoint")).containsExactly("/bin/sh", "/opt/payrecon/create-topics.sh");
        assertThat(topics.strings("volumes"))
                .contains("./docker/kafka/create-topics.sh:/opt/payrecon/create-topics.sh:ro");
        assertThat(topics.string("restart")).hasValue("no");
    }

    @Test
    void theTopicsScriptCreatesEachTopicWithItsPartitionsAndRetentionAndLeavesExistingPartitionsAlone(@TempDir Path bin)
            throws Exception {
        ScriptRun run = runTopicsScript(bin, Map.of());

        assertThat(run.exitCode()).as(run.output()).isZero();
        List<String> calls = run.calls();
        for (String topic : Topics.ALL) {
            assertThat(calls)
                    .as("creation of %s", topic)
                    .anySatisfy(call -> assertThat(call)
                            .startsWith("kafka-topics.sh --bootstrap-server kafka:9092 --create --if-not-exists"
                                    + " --topic " + topic + " --partitions 6 --replication-factor 1"
                                    + " --config min.insync.replicas=1"));
        }
        assertThat(calls)
                .contains("kafka-topics.sh --bootstrap-server kafka:9092 --create --if-not-exists --topic "
                        + Topics.WEBHOOKS
                        + " --partitions 6 --replication-factor 1 --config min.insync.replicas=1"
                        + " --config retention.ms=2592000000")
                .contains("kafka-configs.sh --bootstrap-server kafka:9092 --alter --entity-type topics --entity-name "
                        + Topics.WEBHOOKS + " --add-config retention.ms=2592000000")
                .contains("kafka-topics.sh --bootstrap-server kafka:9092 --create --if-not-exists --topic "
                        + Topics.ORDER_PAYMENT_STATUS_LATEST
                        + " --partitions 6 --replication-factor 1 --config min.insync.replicas=1"
                        + " --config cleanup.policy=compact --config retention.ms=-1")
                // an existing topic, created before it was compacted, is compacted too
                .contains("kafka-configs.sh --bootstrap-server kafka:9092 --alter --entity-type topics --entity-name "
                        + Topics.ORDER_PAYMENT_STATUS_LATEST + " --add-config cleanup.policy=compact,retention.ms=-1")
                .noneMatch(call -> call.contains("--alter") && call.contains("--partitions"));
        assertThat(run.output()).contains("WARNING: " + Topics.WEBHOOKS + " has 3 partitions");
    }

    @Test
    void theTopicsScriptLogsInAsTheSuperUserAndGivesEveryPrincipalItsPasswordWithoutACommandLineSeeingIt(
            @TempDir Path bin) throws Exception {
        ScriptRun run = runTopicsScript(bin, Map.of());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.rawCalls())
                .as("every call of a Kafka tool logs in")
                .allSatisfy(call -> assertThat(call).contains(" --command-config "));
        assertThat(run.adminLogin())
                .contains(
                        "security.protocol=SASL_PLAINTEXT",
                        "sasl.mechanism=SCRAM-SHA-512",
                        "username=\"" + Principal.SUPER_USER + "\" password=\"" + secretFor("KAFKA_ADMIN_PASSWORD")
                                + "\"");
        Map<String, String> passwords = run.userPasswords();
        assertThat(passwords.keySet())
                .as("users the script gives a SCRAM credential")
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(Principal.values())
                        .map(Principal::username)
                        .toList());
        assertThat(run.rawCalls())
                .as("no password on a command line")
                .noneMatch(call -> passwords.values().stream().anyMatch(call::contains));
    }

    @Test
    void theTopicsScriptGrantsExactlyTheAccessTable(@TempDir Path bin) throws Exception {
        ScriptRun run = runTopicsScript(bin, Map.of());
        Map<String, Set<Grant>> expected = new LinkedHashMap<>();
        for (Principal principal : Principal.values()) {
            expected.put(principal.username(), Set.copyOf(principal.grants()));
        }

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.acls()).as("ACLs the topics script adds, by principal").isEqualTo(expected);
    }

    @Test
    void theTopicsScriptRefusesAMissingOrUnquotablePasswordBeforeItDoesAnything(@TempDir Path bin) throws Exception {
        ScriptRun missing = runTopicsScript(bin, Map.of("RECONCILER_KAFKA_PASSWORD", ""));
        ScriptRun unquotable = runTopicsScript(bin, Map.of("ORDER_SYSTEM_KAFKA_PASSWORD", "pass\"word"));

        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.output()).contains("RECONCILER_KAFKA_PASSWORD");
        assertThat(unquotable.exitCode()).isNotZero();
        assertThat(unquotable.output()).doesNotContain("pass\"word");
        assertThat(missing.rawCalls()).isEmpty();
        assertThat(unquotable.rawCalls()).isEmpty();
    }

    @Test
    void eachAppLogsInToKafkaAsItsOwnPrincipalWithThePasswordTheTopicsServiceSetsForIt(@TempDir Path bin)
            throws Exception {
        Map<String, String> topics = compose.service("topics").environment();
        Map<String, String> passwords = runTopicsScript(bin, Map.of()).userPasswords();

        for (App app : App.values()) {
            Map<String, String> environment = compose.service(app.module()).environment();
            if (app.kafkaPrincipal().isEmpty()) {
                assertThat(environment).as(app.module()).doesNotContainKeys("KAFKA_USERNAME", "KAFKA_PASSWORD");
                continue;
            }
            Principal principal = app.kafkaPrincipal().get();
            String variable = Reference.of(environment.get("KAFKA_PASSWORD"))
                    .orElseThrow(() -> new AssertionError(app.module() + ": KAFKA_PASSWORD is no ${VARIABLE}"))
                    .variable();

            assertThat(environment)
                    .as("%s logs in as", app.module())
                    .containsEntry("KAFKA_USERNAME", principal.username());
            assertThat(passwords.get(principal.username()))
                    .as("the password the topics service sets for %s comes from %s", principal.username(), variable)
                    .isEqualTo(secretFor(variable));
            assertThat(Reference.of(topics.get(variable)).map(Reference::variable))
                    .as("the topics service reads %s", variable)
                    .hasValue(variable);
            for (String how : List.of("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM")) {
                assertThat(environment.get(how)).as("%s %s", app.module(), how).isEqualTo(topics.get(how));
            }
        }
        assertThat(passwords)
                .as("the order systems' principal gets a password of its own")
                .containsKey(Principal.ORDER_SYSTEM.username());
    }

    @Test
    void theBrokerRequiresALoginOnEveryListenerAndAnAclForEverything() {
        Service kafka = compose.service("kafka");
        Map<String, String> environment = kafka.environment();
        Map<String, String> protocols = new LinkedHashMap<>();
        for (String entry :
                environment.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").split(",")) {
            protocols.put(entry.split(":")[0], entry.split(":")[1]);
        }
        List<String> listeners = Arrays.stream(
                        environment.get("KAFKA_LISTENERS").split(","))
                .map(listener -> listener.substring(0, listener.indexOf(':')))
                .toList();

        assertThat(protocols.keySet()).containsExactlyInAnyOrderElementsOf(listeners);
        assertThat(protocols.values()).as("every listener's protocol").containsOnly("SASL_PLAINTEXT");
        assertThat(environment)
                .containsEntry("KAFKA_SASL_ENABLED_MECHANISMS", "SCRAM-SHA-512")
                .containsEntry("KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL", "SCRAM-SHA-512")
                .containsEntry("KAFKA_LISTENER_NAME_CONTROLLER_SASL_ENABLED_MECHANISMS", "PLAIN")
                .containsEntry("KAFKA_SASL_MECHANISM_CONTROLLER_PROTOCOL", "PLAIN")
                .containsEntry("KAFKA_AUTHORIZER_CLASS_NAME", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .containsEntry("KAFKA_SUPER_USERS", "User:" + Principal.SUPER_USER)
                .containsEntry("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "false");
        assertThat(Reference.of(environment.get("KAFKA_ADMIN_PASSWORD")))
                .as("the super-user's password, for start-kafka.sh")
                .hasValueSatisfying(
                        reference -> assertThat(reference.variable()).isEqualTo("KAFKA_ADMIN_PASSWORD"));
        assertThat(Reference.of(compose.service("topics").environment().get("KAFKA_ADMIN_PASSWORD")))
                .isEqualTo(Reference.of(environment.get("KAFKA_ADMIN_PASSWORD")));
        assertThat(kafka.strings("entrypoint")).containsExactly("/bin/bash", "/opt/payrecon/start-kafka.sh");
        assertThat(kafka.strings("volumes")).contains("./docker/kafka/start-kafka.sh:/opt/payrecon/start-kafka.sh:ro");
        assertThat(kafka.healthcheck())
                .as("the broker's health check logs in as the super-user")
                .containsSequence("--command-config", START_KAFKA_ADMIN_LOGIN);
    }

    @Test
    void aNewVolumeIsFormattedWithTheSuperUsersCredentialBeforeTheImagesOwnStartScriptRuns(@TempDir Path dir)
            throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));

        ScriptRun fresh = runStartKafka(dir, data, Map.of());

        assertThat(fresh.exitCode()).as(fresh.output()).isZero();
        String password = secretFor("KAFKA_ADMIN_PASSWORD");
        assertThat(fresh.calls())
                .as("the image's tools and start script, in order")
                .containsExactly(
                        "kafka-storage.sh format --cluster-id uGdO4toCR0K8mStyLWznBA --config <config>"
                                + " --add-scram SCRAM-SHA-512=[name=admin,password=" + password + "]",
                        "run");
        String config = Files.readString(dir.resolve("calls.log.config"));
        assertThat(config.lines())
                .as("the configuration the volume is formatted with: the broker's, from the same variables")
                .contains(
                        "listener.security.protocol.map=INTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT,EXTERNAL:SASL_PLAINTEXT",
                        "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                        "super.users=User:admin",
                        "listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain"
                                + ".PlainLoginModule required username=\"admin\" password=\"" + password
                                + "\" user_admin=\"" + password + "\";",
                        "listener.name.internal.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram"
                                + ".ScramLoginModule required username=\"admin\" password=\"" + password + "\";",
                        "node.id=1",
                        "log.dirs=" + data)
                .noneMatch(line -> line.startsWith("admin.password"));
        assertThat(Files.readString(dir.resolve("calls.log.run")))
                .as("what the image's start script is given")
                .contains("KAFKA_LISTENER_NAME_INTERNAL_SCRAM___SHA___512_SASL_JAAS_CONFIG=")
                .doesNotContain("KAFKA_ADMIN_PASSWORD");
        assertThat(Files.readString(dir.resolve("admin.properties")))
                .contains("username=\"admin\" password=\"" + password + "\"");
        assertThat(Files.getPosixFilePermissions(dir.resolve("admin.properties")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        Files.writeString(data.resolve("meta.properties"), "node.id=1\n");
        ScriptRun restart = runStartKafka(dir, data, Map.of());
        ScriptRun withoutPassword = runStartKafka(dir, data, Map.of("KAFKA_ADMIN_PASSWORD", ""));

        assertThat(restart.exitCode()).as(restart.output()).isZero();
        assertThat(restart.calls())
                .as("a formatted volume is left to the image")
                .containsExactly("run");
        assertThat(withoutPassword.exitCode()).isNotZero();
        assertThat(withoutPassword.output()).contains("KAFKA_ADMIN_PASSWORD");
        assertThat(withoutPassword.calls()).isEmpty();
    }

    @Test
    void eachDatabaseAppLogsInAsItsOwnRoleOwningOnlyItsOwnSchema() throws IOException {
        String init = Files.readString(ROOT.resolve("docker/postgres/init-schemas.sh"));
        Service postgres = compose.service("postgres");

        assertThat(postgres.strings("volumes"))
                .contains("./docker/postgres/init-schemas.sh:/docker-entrypoint-initdb.d/10-init-schemas.sh:ro");
        for (App app : App.values()) {
            AppJar jar = jars.get(app);
            if (!jar.binds("spring.datasource.url")) {
                continue;
            }
            Map<String, String> environment = compose.service(app.module()).environment();
            String role = environment.get("SPRING_DATASOURCE_USERNAME");
            String password = Reference.of(environment.get("SPRING_DATASOURCE_PASSWORD"))
                    .orElseThrow(() -> new AssertionError(
                            app.module() + ": SPRING_DATASOURCE_PASSWORD is not a ${VARIABLE} reference"))
                    .variable();

            assertThat(jar.applicationYaml("spring.flyway.schemas"))
                    .as("%s schema", app.module())
                    .hasValue(role);
            assertThat(jar.applicationYaml("spring.datasource.hikari.schema")).hasValue(role);
            assertThat(environment.get("SPRING_DATASOURCE_URL"))
                    .isEqualTo("jdbc:postgresql://${POSTGRES_HOST:-postgres}:5432/${POSTGRES_DB:-payrecon}");
            assertThat(init)
                    .contains("CREATE ROLE " + role + " LOGIN PASSWORD :'" + role + "_password';")
                    .contains("CREATE SCHEMA " + role + " AUTHORIZATION " + role + ";")
                    .contains("--set " + role + "_password=\"$" + password + "\"");
            assertThat(Reference.of(postgres.environment().get(password)))
                    .as("the database gets %s's password for its role", app.module())
                    .isEqualTo(Reference.of(environment.get("SPRING_DATASOURCE_PASSWORD")));
        }
    }

    @Test
    void theProviderQuotaIsOneSchemaSharedByTheAppsThatCallTheProvider() throws IOException {
        String init = Files.readString(ROOT.resolve("docker/postgres/init-schemas.sh"));

        assertThat(init)
                .contains("CREATE ROLE provider_quota NOLOGIN;")
                .contains("CREATE SCHEMA provider_quota AUTHORIZATION provider_quota;")
                .contains("GRANT provider_quota TO link_service, reconciler;");
        for (App app : List.of(App.LINK_SERVICE, App.RECONCILER)) {
            assertThat(compose.service(app.module()).environment())
                    .as("%s: the same tier as every other user of the credential", app.module())
                    .containsEntry("REQUEST_QUOTA_PER_MINUTE", "${REQUEST_QUOTA_PER_MINUTE:-300}");
        }
    }

    @Test
    void brokerAndDatabaseKeepTheirDataInNamedVolumes() {
        assertThat(compose.service("kafka").strings("volumes")).contains("kafka-data:/var/lib/kafka/data");
        assertThat(compose.service("kafka").environment()).containsEntry("KAFKA_LOG_DIRS", "/var/lib/kafka/data");
        assertThat(compose.service("postgres").strings("volumes")).contains("postgres-data:/var/lib/postgresql/data");
        assertThat(compose.service("postgres").string("image")).hasValue("postgres:17");
        assertThat(compose.volumes()).contains("kafka-data", "postgres-data");
    }

    @Test
    void everyVariableComposeReadsIsDocumentedForOperators() throws IOException {
        String operations = Files.readString(ROOT.resolve("docs/operations.md"));
        String example = Files.readString(ROOT.resolve("docker/compose.env.example"));
        Set<String> exampleVariables = example.lines()
                .map(line -> line.replaceFirst("^#\\s*", ""))
                .filter(line -> line.matches("[A-Z][A-Z0-9_]*=.*"))
                .map(line -> line.substring(0, line.indexOf('=')))
                .collect(Collectors.toSet());

        assertThat(compose.variables())
                .as("variables of docker-compose.yml documented in docs/operations.md")
                .allSatisfy(variable -> assertThat(operations).contains("`" + variable + "`"));
        assertThat(exampleVariables)
                .as("docker/compose.env.example lists exactly the variables docker-compose.yml reads")
                .containsExactlyInAnyOrderElementsOf(compose.variables());
    }

    /** Where start-kafka.sh writes the health check's login (unless ADMIN_CLIENT_CONFIG says otherwise in a test). */
    private static final String START_KAFKA_ADMIN_LOGIN = "/tmp/payrecon/admin.properties";

    /** The value a test gives a required variable of compose: a password of the allowed characters, by name. */
    private static String secretFor(String variable) {
        return "test-" + variable.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /**
     * A service's environment as compose makes it when every variable with a default is unset and every required one
     * is set (to {@link #secretFor}).
     */
    private static Map<String, String> environmentOf(String service) {
        Map<String, String> environment = new LinkedHashMap<>();
        compose.service(service).environment().forEach((name, value) -> {
            Optional<Reference> reference = Reference.of(value);
            environment.put(
                    name,
                    reference.isPresent() && reference.get().required()
                            ? secretFor(reference.get().variable())
                            : ComposeFile.withDefaults(value));
        });
        return environment;
    }

    /**
     * What a script did with stand-ins for the Kafka image's tools, which log their arguments.
     *
     * @param rawCalls each tool's arguments as given
     * @param adminLogin the last {@code --command-config} file's content
     * @param userPasswords by user, the password of the SCRAM credential each {@code --add-config-file} set
     */
    private record ScriptRun(
            int exitCode, String output, List<String> rawCalls, String adminLogin, Map<String, String> userPasswords) {

        /** The calls without their (temporary) {@code --command-config} file and with {@code <config>} for --config. */
        List<String> calls() {
            return rawCalls.stream()
                    .map(call -> call.replaceAll(" --command-config \\S+", "")
                            .replaceAll(" --config /\\S+", " --config <config>"))
                    .toList();
        }

        /** The ACLs {@code kafka-acls.sh} was asked to add, by user. */
        Map<String, Set<Grant>> acls() {
            Map<String, Set<Grant>> acls = new LinkedHashMap<>();
            for (String call : calls()) {
                if (!call.startsWith("kafka-acls.sh ")) {
                    continue;
                }
                List<String> words = List.of(call.split(" "));
                assertThat(words).as(call).contains("--add").doesNotContain("--deny-principal", "--remove");
                String user = option(words, "--allow-principal").replaceFirst("^User:", "");
                boolean topic = words.contains("--topic");
                acls.computeIfAbsent(user, u -> new java.util.HashSet<>())
                        .add(new Grant(
                                Operation.valueOf(option(words, "--operation").toUpperCase(java.util.Locale.ROOT)),
                                topic ? Resource.TOPIC : Resource.GROUP,
                                Principal.Pattern.valueOf(
                                        option(words, "--resource-pattern-type").toUpperCase(java.util.Locale.ROOT)),
                                option(words, topic ? "--topic" : "--group")));
            }
            return acls;
        }

        private static String option(List<String> words, String name) {
            int at = words.indexOf(name);
            assertThat(at).as("%s in %s", name, words).isNotNegative();
            return words.get(at + 1);
        }
    }

    /** Runs docker/kafka/create-topics.sh as the topics service would, with stand-ins for the image's tools. */
    private static ScriptRun runTopicsScript(Path bin, Map<String, String> overrides) throws Exception {
        Path log = bin.resolve("calls.log");
        Files.deleteIfExists(log);
        // The webhooks topic already has 3 partitions.
        stub(bin.resolve("kafka-topics.sh"), TOOL_STUB.formatted("kafka-topics.sh") + """
                case "$*" in
                  *--describe*payments.webhooks.v1) echo "Topic: payments.webhooks.v1 PartitionCount: 3 ReplicationFactor: 1" ;;
                  *--describe*) echo "Topic: t PartitionCount: 6 ReplicationFactor: 1" ;;
                esac
                """);
        stub(bin.resolve("kafka-configs.sh"), TOOL_STUB.formatted("kafka-configs.sh"));
        stub(bin.resolve("kafka-acls.sh"), TOOL_STUB.formatted("kafka-acls.sh"));
        Map<String, String> environment = environmentOf("topics");
        environment.putAll(overrides);
        environment.put("KAFKA_BIN", bin.toString());
        environment.put("CALLS", log.toString());
        return run(List.of("sh", ROOT.resolve("docker/kafka/create-topics.sh").toString()), environment, log);
    }

    /** Runs docker/kafka/start-kafka.sh as the kafka service would, with stand-ins for the image's tool and script. */
    private static ScriptRun runStartKafka(Path dir, Path data, Map<String, String> overrides) throws Exception {
        Path log = dir.resolve("calls.log");
        Files.deleteIfExists(log);
        Path bin = Files.createDirectories(dir.resolve("opt/kafka/bin"));
        stub(bin.resolve("kafka-storage.sh"), TOOL_STUB.formatted("kafka-storage.sh"));
        stub(dir.resolve("run"), """
                #!/bin/sh
                echo "run" >> "$CALLS"
                env | sort > "$CALLS.run"
                """);
        Map<String, String> environment = environmentOf("kafka");
        environment.putAll(Map.of(
                "KAFKA_LOG_DIRS", data.toString(),
                "KAFKA_HOME", dir.resolve("opt/kafka").toString(),
                "KAFKA_IMAGE_RUN", dir.resolve("run").toString(),
                "ADMIN_CLIENT_CONFIG", dir.resolve("admin.properties").toString(),
                "CALLS", log.toString()));
        environment.putAll(overrides);
        return run(List.of("bash", ROOT.resolve("docker/kafka/start-kafka.sh").toString()), environment, log);
    }

    /** A stand-in for one of the image's Kafka tools: logs its arguments and keeps the files it was given. */
    private static final String TOOL_STUB = """
            #!/bin/sh
            echo "%s $*" >> "$CALLS"
            previous=""
            for argument in "$@"; do
                case "$previous" in
                    --command-config) cp "$argument" "$CALLS.admin" ;;
                    --config) cp "$argument" "$CALLS.config" ;;
                    --entity-name) user="$argument" ;;
                    --add-config-file) echo "$user $(cat "$argument")" >> "$CALLS.users" ;;
                esac
                previous="$argument"
            done
            """;

    private static ScriptRun run(List<String> command, Map<String, String> environment, Path log) throws Exception {
        ProcessBuilder script = new ProcessBuilder(command).redirectErrorStream(true);
        script.environment().clear();
        script.environment().put("PATH", System.getenv("PATH"));
        script.environment().putAll(environment);
        Process process = script.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<String> calls = Files.exists(log) ? Files.readAllLines(log) : List.of();
        Path admin = Path.of(log + ".admin");
        Path users = Path.of(log + ".users");
        Map<String, String> passwords = new LinkedHashMap<>();
        if (Files.exists(users)) {
            for (String line : Files.readAllLines(users)) {
                // <user> SCRAM-SHA-512=iterations=4096,password=<password>
                Matcher credential = Pattern.compile("(\\S+) SCRAM-SHA-512=iterations=4096,password=(\\S+)")
                        .matcher(line);
                assertThat(credential.matches()).as(line).isTrue();
                passwords.put(credential.group(1), credential.group(2));
            }
            Files.delete(users);
        }
        return new ScriptRun(
                process.exitValue(), output, calls, Files.exists(admin) ? Files.readString(admin) : "", passwords);
    }

    /** A {@code ports} entry in compose's short syntax: {@code address:hostPort:containerPort}, as declared. */
    private record PublishedPort(String declared, String declaredAddress, String hostAddress, int containerPort) {}

    private static PublishedPort publishedPort(Service service, Object entry) {
        if (!(entry instanceof String declared)) {
            throw new AssertionError(service.name() + ": ports entry " + entry + " is not in the short syntax");
        }
        // The address may be a reference whose default holds a colon-free IP: ${PUBLISH_ADDRESS:-127.0.0.1}.
        Matcher parts = Pattern.compile("^(\\$\\{[^}]+}|[^:]+):([^:]+|\\$\\{[^}]+}):(\\d+)$")
                .matcher(declared);
        if (!parts.matches()) {
            throw new AssertionError(service.name() + ": ports entry " + declared
                    + " does not name the host address it is published on (address:port:port)");
        }
        return new PublishedPort(
                declared, parts.group(1), ComposeFile.withDefaults(parts.group(1)), Integer.parseInt(parts.group(3)));
    }

    private static List<PublishedPort> publishedPorts(Service service) {
        return service.strings("ports").stream()
                .map(port -> publishedPort(service, port))
                .toList();
    }

    /** The port an app serves its public endpoints on, in its container. */
    private static int serverPort(App app) {
        return Integer.parseInt(
                Optional.ofNullable(compose.service(app.module()).environment().get("SERVER_PORT"))
                        .or(() -> jars.get(app).applicationYaml("server.port"))
                        .orElse("8080"));
    }

    private static Optional<String> checkProvided(App app, Required required, Map<String, String> environment) {
        List<String> given =
                required.anyOf().stream().filter(environment::containsKey).toList();
        if (given.isEmpty()) {
            return Optional.of(app.module() + " needs " + required.describe());
        }
        for (String variable : given) {
            String value = environment.get(variable);
            Optional<Reference> reference = Reference.of(value);
            if (required.secret()) {
                boolean fromTheEnvironment = reference.isPresent()
                        && reference.get().defaultValue().isEmpty()
                        && (required.anyOf().size() > 1
                                || (reference.get().required()
                                        && !reference.get().argument().isBlank()));
                if (!fromTheEnvironment) {
                    return Optional.of(app.module() + ": " + variable + " is a secret: set it as ${NAME:?message"
                            + " naming what to set} so compose refuses to start without it, not as " + value);
                }
            } else if (value == null || ComposeFile.withDefaults(value).isBlank()) {
                return Optional.of(app.module() + ": " + variable + " is empty");
            }
        }
        return Optional.empty();
    }

    /** {@code name -> configs} of the topics service's TOPICS lines. */
    private static Map<String, String> topicConfigs(String topics) {
        Map<String, String> configs = new LinkedHashMap<>();
        topics.lines().map(String::strip).filter(line -> !line.isEmpty()).forEach(line -> {
            String[] parts = line.split("\\s+", 2);
            configs.put(parts[0], parts.length > 1 ? parts[1] : "");
        });
        return configs;
    }

    /** A TOPICS line's configs ({@code a=1,b=2}) by name. */
    private static Map<String, String> configMap(String configs) {
        Map<String, String> map = new LinkedHashMap<>();
        Arrays.stream(configs.split(","))
                .filter(config -> config.contains("="))
                .forEach(config ->
                        map.put(config.substring(0, config.indexOf('=')), config.substring(config.indexOf('=') + 1)));
        return map;
    }

    private static String retentionMs(String configs) {
        return Arrays.stream(configs.split(","))
                .filter(config -> config.startsWith("retention.ms="))
                .map(config -> config.substring("retention.ms=".length()))
                .findFirst()
                .orElse("");
    }

    /** The arguments of every instruction of that name, continuation lines joined. */
    private static List<String> instructions(String dockerfile, String instruction) {
        List<String> found = new ArrayList<>();
        Matcher matcher = Pattern.compile("(?m)^" + instruction + "\\s+((?:.*\\\\\\n)*.*)$")
                .matcher(dockerfile);
        while (matcher.find()) {
            found.add(matcher.group(1).replaceAll("\\\\\\n\\s*", " ").strip());
        }
        return found;
    }

    /** The layers of a Boot jar's {@code BOOT-INF/layers.idx}: {@code - "dependencies":} and so on. */
    private static List<String> layers(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            String index = new String(
                    zip.getInputStream(zip.getEntry("BOOT-INF/layers.idx")).readAllBytes(), StandardCharsets.UTF_8);
            return index.lines()
                    .filter(line -> line.startsWith("- \""))
                    .map(line -> line.substring(3, line.indexOf('"', 3)))
                    .toList();
        }
    }

    private static void stub(Path file, String script) throws IOException {
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }
}
