package io.payrecon.systemtests.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** {@code docker-compose.yml} as compose reads it: its services, and the {@code ${VARIABLE}} references in it. */
final class ComposeFile {

    /** {@code ${NAME}}, {@code ${NAME:-default}}, {@code ${NAME-default}}, {@code ${NAME:?message}}, … */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

    private final String text;
    private final Map<String, Object> root;

    private ComposeFile(String text, Map<String, Object> root) {
        this.text = text;
        this.root = root;
    }

    static ComposeFile read(Path path) {
        try {
            String text = Files.readString(path);
            // Merge keys (<<: *app) are resolved by SnakeYAML as compose resolves them.
            Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
            return new ComposeFile(text, root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<String, Service> services() {
        Map<String, Service> services = new LinkedHashMap<>();
        map(root.get("services")).forEach((name, definition) -> services.put(name, new Service(name, map(definition))));
        return services;
    }

    Service service(String name) {
        Service service = services().get(name);
        if (service == null) {
            throw new AssertionError("docker-compose.yml has no service " + name);
        }
        return service;
    }

    /** The named volumes declared at the top level. */
    Set<String> volumes() {
        return map(root.get("volumes")).keySet();
    }

    /** Every variable compose reads from the environment or a {@code .env} file, in order of appearance. */
    Set<String> variables() {
        Set<String> variables = new LinkedHashSet<>();
        Matcher reference = REFERENCE.matcher(text.replace("$$", ""));
        while (reference.find()) {
            variables.add(reference.group(1));
        }
        return variables;
    }

    /**
     * A value that is exactly one reference, such as {@code ${API_KEY:?set API_KEY}}.
     *
     * @param operator {@code :?} or {@code ?} (required), {@code :-} or {@code -} (default), or empty
     */
    record Reference(String variable, String operator, String argument) {

        static Optional<Reference> of(String value) {
            Matcher matcher = REFERENCE.matcher(value == null ? "" : value.strip());
            if (!matcher.matches()) {
                return Optional.empty();
            }
            return Optional.of(new Reference(
                    matcher.group(1),
                    matcher.group(2) == null ? "" : matcher.group(2),
                    matcher.group(3) == null ? "" : matcher.group(3)));
        }

        /** Compose refuses to start when the variable is unset or empty. */
        boolean required() {
            return operator.equals(":?");
        }

        String defaultValue() {
            return operator.endsWith("-") ? argument : "";
        }
    }

    /** What compose makes of a value when no variable is set: each default taken, each required variable named. */
    static String withDefaults(String value) {
        Matcher reference = REFERENCE.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (reference.find()) {
            String operator = reference.group(2) == null ? "" : reference.group(2);
            String replacement = operator.endsWith("-")
                    ? reference.group(3)
                    : operator.endsWith("?") ? "<" + reference.group(1) + ">" : "";
            reference.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
        }
        return reference.appendTail(resolved).toString();
    }

    record Service(String name, Map<String, Object> definition) {

        Map<String, String> environment() {
            Map<String, String> environment = new LinkedHashMap<>();
            Object declared = definition.get("environment");
            if (declared instanceof List<?> list) {
                for (Object entry : list) {
                    String[] parts = entry.toString().split("=", 2);
                    environment.put(parts[0], parts.length > 1 ? parts[1] : null);
                }
            } else {
                map(declared).forEach((key, value) -> environment.put(key, value == null ? null : value.toString()));
            }
            return environment;
        }

        Optional<String> string(String key) {
            return Optional.ofNullable(definition.get(key)).map(Object::toString);
        }

        List<String> strings(String key) {
            return definition.get(key) instanceof List<?> list
                    ? list.stream().map(Object::toString).toList()
                    : string(key).map(List::of).orElse(List.of());
        }

        Map<String, Object> section(String key) {
            return map(definition.get(key));
        }

        /** The healthcheck's {@code test}, as a list ({@code ["CMD", "curl", …]}). */
        List<String> healthcheck() {
            Object test = section("healthcheck").get("test");
            return test instanceof List<?> list
                    ? list.stream().map(Object::toString).toList()
                    : test == null ? List.of() : List.of("CMD-SHELL", test.toString());
        }

        /** By service: the condition it waits for ({@code service_started} for the short list form). */
        Map<String, String> dependsOn() {
            Map<String, String> conditions = new LinkedHashMap<>();
            Object declared = definition.get("depends_on");
            if (declared instanceof List<?> list) {
                list.forEach(name -> conditions.put(name.toString(), "service_started"));
            } else {
                map(declared)
                        .forEach((name, settings) -> conditions.put(
                                name, String.valueOf(map(settings).getOrDefault("condition", "service_started"))));
            }
            return conditions;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        if (node == null) {
            return Map.of();
        }
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<Object, Object>) map).forEach((key, value) -> copy.put(String.valueOf(key), value));
            return copy;
        }
        throw new AssertionError("expected a mapping in docker-compose.yml, found " + node);
    }
}
