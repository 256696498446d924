package io.payrecon.systemtests.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.events.Topics;
import io.payrecon.systemtests.App;
import io.payrecon.systemtests.deployment.ComposeFile.Reference;
import io.payrecon.systemtests.deployment.ComposeFile.Service;
import java.io.IOException;
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
 * or Spring's relaxed binding maps it to a property the app's jar knows — a Spring Boot property from the metadata
 * that Boot's jars ship, or a component (kebab-case, nested records included) of a {@code @ConfigurationProperties}
 * record the app binds. {@code JAVA_TOOL_OPTIONS} and {@code JDK_JAVA_OPTIONS} are read by the JVM itself. A typo
 * ({@code SPRING_DATASOURCE_PASWORD}), a renamed property, or a variable of another app fails the build. What it does
 * not see: a value of the wrong type, and settings bound without {@code @ConfigurationProperties} (there are none).
 */
class ComposeConfigurationTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String DOCKERFILE = "docker/app.Dockerfile";
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");
    private static final long THIRTY_DAYS_MS = Duration.ofDays(30).toMillis();

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

    private static final List<Required> DATABASE_AND_BROKER = List.of(
            Required.setting("SPRING_DATASOURCE_URL"),
            Required.setting("SPRING_DATASOURCE_USERNAME"),
            Required.secret("SPRING_DATASOURCE_PASSWORD"),
            Required.setting("SPRING_KAFKA_BOOTSTRAP_SERVERS"));

    private static final Map<App, List<Required>> REQUIRED = Map.of(
            App.LINK_SERVICE, concat(List.of(Required.secret("API_KEY")), DATABASE_AND_BROKER),
            App.RECONCILER,
                    concat(
                            List.of(Required.secret("API_KEY"), Required.secret("ADMIN_OPERATORS")),
                            DATABASE_AND_BROKER),
            App.WEBHOOK_GATEWAY,
                    List.of(Required.secret("WEBHOOK_SECRET"), Required.setting("SPRING_KAFKA_BOOTSTRAP_SERVERS")),
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
    void theSandboxRunsOnlyUnderItsProfile() {
        compose.services()
                .values()
                .forEach(service -> assertThat(service.strings("profiles"))
                        .as("%s profiles", service.name())
                        .isEqualTo(
                                service.name().equals(App.REQUEST_SANDBOX.module()) ? List.of("sandbox") : List.of()));
        assertThat(Reference.of(compose.service("request-sandbox").environment().get("WEBHOOK_SECRET")))
                .as("the sandbox signs with the secret the gateway checks")
                .isEqualTo(Reference.of(
                        compose.service("webhook-gateway").environment().get("WEBHOOK_SECRET")));
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

    @Test
    void theTopicsServiceCreatesEveryTopicOfTheCatalogueWithItsPartitionsAndTheArchiveRetention() {
        Service topics = compose.service("topics");
        Map<String, String> environment = topics.environment();
        Map<String, String> configs = topicConfigs(environment.get("TOPICS"));

        assertThat(configs.keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL);
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
        Path log = bin.resolve("calls.log");
        // Stand-ins for the Kafka image's tools: they log their arguments; the webhooks topic already has 3 partitions.
        stub(bin.resolve("kafka-topics.sh"), """
                #!/bin/sh
                echo "kafka-topics.sh $*" >> "$CALLS"
                case "$*" in
                  *--describe*payments.webhooks.v1) echo "Topic: payments.webhooks.v1 PartitionCount: 3 ReplicationFactor: 1" ;;
                  *--describe*) echo "Topic: t PartitionCount: 6 ReplicationFactor: 1" ;;
                esac
                """);
        stub(bin.resolve("kafka-configs.sh"), """
                #!/bin/sh
                echo "kafka-configs.sh $*" >> "$CALLS"
                """);
        Map<String, String> environment = new LinkedHashMap<>();
        compose.service("topics")
                .environment()
                .forEach((name, value) -> environment.put(name, ComposeFile.withDefaults(value)));
        environment.put("KAFKA_BIN", bin.toString());
        environment.put("CALLS", log.toString());
        ProcessBuilder script = new ProcessBuilder(
                        "sh", ROOT.resolve("docker/kafka/create-topics.sh").toString())
                .redirectErrorStream(true);
        script.environment().putAll(environment);

        Process process = script.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        List<String> calls = Files.readAllLines(log);
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
                .noneMatch(call -> call.contains("--alter") && call.contains("--partitions"));
        assertThat(output).contains("WARNING: " + Topics.WEBHOOKS + " has 3 partitions");
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
