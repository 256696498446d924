package io.payrecon.systemtests.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration an app accepts, read without starting it from what Maven built: the executable jar
 * ({@code <module>/target/<module>.jar}, the file the image is made from) for the libraries it ships, and the app's
 * own classes and {@code application.yml} from {@code target/classes}, which the jar is packaged from:
 *
 * <ul>
 *   <li>the property names of Spring Boot and the libraries it ships, from each bundled jar's
 *       {@code META-INF/spring-configuration-metadata.json} (Boot's own jars carry one; ours do not, as they do not
 *       run the configuration processor);
 *   <li>the app's own settings: every {@code @ConfigurationProperties} class that is bound — named by an
 *       {@code @EnableConfigurationProperties} in the app or in one of our libraries (the outbox's auto-configuration,
 *       the app binding request-client's {@code request.*}), or found by the app's
 *       {@code @ConfigurationPropertiesScan} — with its record components as kebab-case names below the prefix,
 *       nested records and lists of records included, read from the class files;
 *   <li>the {@code ${VARIABLE}} placeholders of its {@code application.yml}, such as {@code ${API_KEY:}}.
 * </ul>
 */
final class AppJar {

    private static final String CONFIGURATION_PROPERTIES =
            "org.springframework.boot.context.properties.ConfigurationProperties";
    private static final String ENABLE_CONFIGURATION_PROPERTIES =
            "org.springframework.boot.context.properties.EnableConfigurationProperties";
    private static final String CONFIGURATION_PROPERTIES_SCAN =
            "org.springframework.boot.context.properties.ConfigurationPropertiesScan";
    private static final Pattern MARKER = Pattern.compile("\\[\\*]|\\[key]");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    private static final Set<String> CONTAINERS =
            Set.of("java.util.List", "java.util.Set", "java.util.Collection", "java.util.SortedSet", "java.util.Map");

    /** A property the app binds; {@code [*]} marks a list index, {@code [key]} a map key. */
    record KnownProperty(String name, Shape shape, String source) {

        /** What may follow the name: nothing, a list index, or any map key. */
        enum Shape {
            VALUE,
            LIST,
            MAP
        }

        /**
         * The environment variables Spring's relaxed binding maps to this property: upper case, {@code .} as
         * {@code _}, dashes removed ({@code SPRING_KAFKA_BOOTSTRAPSERVERS}) or, the legacy form it also accepts, as
         * {@code _} ({@code SPRING_KAFKA_BOOTSTRAP_SERVERS}); list indexes as {@code _0}.
         */
        Pattern environmentVariables() {
            String suffix = switch (shape) {
                case VALUE -> "";
                case LIST -> "(_[0-9]+)?";
                case MAP -> "(_[A-Z0-9_]+)?";
            };
            return Pattern.compile("(" + spelled("") + "|" + spelled("_") + ")" + suffix);
        }

        private String spelled(String dash) {
            StringBuilder regex = new StringBuilder();
            Matcher marker = MARKER.matcher(name);
            int from = 0;
            while (marker.find()) {
                regex.append(quoted(name.substring(from, marker.start()), dash));
                regex.append(marker.group().equals("[*]") ? "_[0-9]+" : "_[A-Z0-9]+");
                from = marker.end();
            }
            return regex.append(quoted(name.substring(from), dash)).toString();
        }

        private static String quoted(String part, String dash) {
            return part.isEmpty()
                    ? ""
                    : Pattern.quote(
                            part.toUpperCase(Locale.ROOT).replace('.', '_').replace("-", dash));
        }
    }

    private final Path jar;
    private final Map<String, String> applicationYaml;
    private final Set<String> placeholders;
    private final List<KnownProperty> properties;
    private final List<Pattern> patterns;

    private AppJar(
            Path jar, Map<String, String> applicationYaml, Set<String> placeholders, List<KnownProperty> properties) {
        this.jar = jar;
        this.applicationYaml = applicationYaml;
        this.placeholders = placeholders;
        this.properties = properties;
        this.patterns =
                properties.stream().map(KnownProperty::environmentVariables).toList();
    }

    static AppJar read(Path root, String module) {
        Path jar = root.resolve(module).resolve("target").resolve(module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: build " + module + " first (./mvnw -B -pl " + module
                    + " package), the deployment checks read the jar the image is made from");
        }
        // The app's own classes and application.yml from target/classes, which the jar's BOOT-INF/classes is packaged
        // from: the same in a reactor build, and already the recompiled app while someone has not repackaged it yet.
        Path classes = root.resolve(module).resolve("target").resolve("classes");
        boolean compiled = Files.isDirectory(classes);
        List<CompiledClass> appClasses = new ArrayList<>();
        List<CompiledClass> libraryClasses = new ArrayList<>();
        List<KnownProperty> properties = new ArrayList<>();
        String yaml = "";
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!compiled && name.startsWith("BOOT-INF/classes/") && name.endsWith(".class")) {
                    appClasses.add(CompiledClass.read(readAll(zip, entry)));
                } else if (!compiled && name.equals("BOOT-INF/classes/application.yml")) {
                    yaml = new String(readAll(zip, entry), StandardCharsets.UTF_8);
                } else if (name.startsWith("BOOT-INF/lib/") && name.endsWith(".jar")) {
                    try (InputStream library = zip.getInputStream(entry)) {
                        readLibrary(name, library, properties, libraryClasses);
                    }
                }
            }
            if (compiled) {
                try (Stream<Path> files = Files.walk(classes)) {
                    for (Path file : files.filter(path -> path.toString().endsWith(".class"))
                            .toList()) {
                        appClasses.add(CompiledClass.read(Files.readAllBytes(file)));
                    }
                }
                Path applicationYaml = classes.resolve("application.yml");
                yaml = Files.isRegularFile(applicationYaml) ? Files.readString(applicationYaml) : "";
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar + " or " + classes, e);
        }
        properties.addAll(boundProperties(appClasses, libraryClasses));
        Set<String> placeholders = new LinkedHashSet<>();
        Matcher placeholder = PLACEHOLDER.matcher(yaml);
        while (placeholder.find()) {
            placeholders.add(placeholder.group(1));
        }
        return new AppJar(jar, flatten(yaml), Set.copyOf(placeholders), List.copyOf(properties));
    }

    Path jar() {
        return jar;
    }

    /** The app's own setting in its packaged {@code application.yml}, such as {@code server.port}. */
    Optional<String> applicationYaml(String property) {
        return Optional.ofNullable(applicationYaml.get(property));
    }

    boolean binds(String property) {
        return properties.stream().anyMatch(known -> known.name().equals(property));
    }

    /**
     * What an environment variable sets in this app: a placeholder of its {@code application.yml}, or a property by
     * relaxed binding; empty when it sets nothing.
     */
    Optional<String> target(String variable) {
        if (placeholders.contains(variable)) {
            return Optional.of("${" + variable + "} in application.yml");
        }
        String upper = variable.toUpperCase(Locale.ROOT);
        if (!variable.equals(upper) && !variable.equals(variable.toLowerCase(Locale.ROOT))) {
            return Optional.empty(); // relaxed binding reads all upper or all lower case only
        }
        for (int i = 0; i < properties.size(); i++) {
            if (patterns.get(i).matcher(upper).matches()) {
                return Optional.of(
                        properties.get(i).name() + " (" + properties.get(i).source() + ")");
            }
        }
        return Optional.empty();
    }

    private static void readLibrary(
            String name, InputStream library, List<KnownProperty> properties, List<CompiledClass> ourClasses)
            throws IOException {
        ZipInputStream zip = new ZipInputStream(library);
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
            if (entry.getName().equals("META-INF/spring-configuration-metadata.json")) {
                JsonNode metadata = JsonMapper.builder().build().readTree(zip.readAllBytes());
                for (JsonNode property : metadata.path("properties")) {
                    String type = property.path("type").asString("");
                    properties.add(new KnownProperty(
                            property.path("name").asString(),
                            type.startsWith("java.util.Map")
                                    ? KnownProperty.Shape.MAP
                                    : type.startsWith("java.util.List") || type.startsWith("java.util.Set")
                                            ? KnownProperty.Shape.LIST
                                            : KnownProperty.Shape.VALUE,
                            name.substring("BOOT-INF/lib/".length())));
                }
            } else if (entry.getName().startsWith("io/payrecon/")
                    && entry.getName().endsWith(".class")) {
                ourClasses.add(CompiledClass.read(zip.readAllBytes()));
            }
        }
    }

    /** The app's own settings and those of our libraries that something in the app binds. */
    private static List<KnownProperty> boundProperties(List<CompiledClass> app, List<CompiledClass> libraries) {
        Map<String, CompiledClass> byName = new HashMap<>();
        app.forEach(type -> byName.put(type.name(), type));
        libraries.forEach(type -> byName.putIfAbsent(type.name(), type));
        Set<String> appClassNames = new HashSet<>();
        app.forEach(type -> appClassNames.add(type.name()));
        Set<String> enabled = new LinkedHashSet<>();
        List<String> scannedPackages = new ArrayList<>();
        for (CompiledClass type : byName.values()) {
            type.annotation(ENABLE_CONFIGURATION_PROPERTIES)
                    .ifPresent(annotation -> annotation.value("value").stream()
                            .flatMap(descriptor -> CompiledClass.className(descriptor).stream())
                            .forEach(enabled::add));
            if (appClassNames.contains(type.name())
                    && type.annotation(CONFIGURATION_PROPERTIES_SCAN).isPresent()) {
                scannedPackages.add(type.packageName());
            }
        }
        List<KnownProperty> bound = new ArrayList<>();
        for (CompiledClass type : byName.values()) {
            Optional<CompiledClass.Annotation> annotation = type.annotation(CONFIGURATION_PROPERTIES);
            boolean scanned = appClassNames.contains(type.name())
                    && scannedPackages.stream()
                            .anyMatch(scannedPackage -> type.name().startsWith(scannedPackage + "."));
            if (annotation.isPresent() && (enabled.contains(type.name()) || scanned)) {
                List<String> prefix = new ArrayList<>(annotation.get().value("prefix"));
                prefix.addAll(annotation.get().value("value"));
                String simpleName = type.name().substring(type.name().lastIndexOf('.') + 1);
                addMembers(prefix.isEmpty() ? "" : prefix.get(0), type, byName, simpleName, bound, 0);
            }
        }
        return bound;
    }

    private static void addMembers(
            String prefix,
            CompiledClass type,
            Map<String, CompiledClass> classes,
            String source,
            List<KnownProperty> bound,
            int depth) {
        if (depth > 5) {
            return; // a self-referencing type; deeper names are not worth a stack overflow
        }
        for (CompiledClass.Member member : type.members()) {
            String name = prefix + "." + kebabCase(member.name());
            String erased = CompiledClass.className(member.descriptor()).orElse("");
            Optional<CompiledClass> nested = Optional.ofNullable(classes.get(erased));
            Optional<CompiledClass> element =
                    lastTypeArgument(member.signature()).map(classes::get);
            if (nested.isPresent()) {
                addMembers(name, nested.get(), classes, source, bound, depth + 1);
            } else if (CONTAINERS.contains(erased) && element.isPresent()) {
                String item = erased.equals("java.util.Map") ? name + "[key]" : name + "[*]";
                addMembers(item, element.get(), classes, source, bound, depth + 1);
            } else {
                KnownProperty.Shape shape = erased.equals("java.util.Map")
                        ? KnownProperty.Shape.MAP
                        : CONTAINERS.contains(erased) ? KnownProperty.Shape.LIST : KnownProperty.Shape.VALUE;
                bound.add(new KnownProperty(name, shape, source));
            }
        }
    }

    /** {@code io.payrecon.sandbox.SandboxProperties$Credential} from {@code Ljava/util/List<L…$Credential;>;}. */
    private static Optional<String> lastTypeArgument(String signature) {
        if (signature == null || !signature.contains("<")) {
            return Optional.empty();
        }
        String arguments = signature.substring(signature.indexOf('<') + 1, signature.lastIndexOf('>'));
        int start = arguments.lastIndexOf('L');
        return start < 0 ? Optional.empty() : CompiledClass.className(arguments.substring(start));
    }

    static String kebabCase(String camelCase) {
        StringBuilder kebab = new StringBuilder();
        for (char c : camelCase.toCharArray()) {
            if (Character.isUpperCase(c)) {
                kebab.append('-').append(Character.toLowerCase(c));
            } else {
                kebab.append(c);
            }
        }
        return kebab.toString();
    }

    private static byte[] readAll(ZipFile zip, ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }

    /** {@code server: {port: 8081}} as {@code server.port=8081}. */
    private static Map<String, String> flatten(String yaml) {
        Map<String, String> flat = new LinkedHashMap<>();
        if (!yaml.isBlank()) {
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
                flatten("", document, flat);
            }
        }
        return flat;
    }

    private static void flatten(String prefix, Object node, Map<String, String> flat) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> flatten(prefix.isEmpty() ? key.toString() : prefix + "." + key, value, flat));
        } else if (node != null) {
            flat.put(prefix, node.toString());
        }
    }
}
