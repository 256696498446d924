package io.payrecon.systemtests.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.Annotation;
import java.lang.classfile.AnnotationValue;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.constant.ClassDesc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration an app accepts, read without starting it from what Maven built: the executable jar
 * ({@code <module>/target/<module>.jar}, the file the image is made from) for the libraries it ships, and the app's
 * own classes and {@code application.yml} from {@code target/classes}, which the jar is packaged from (from the jar's
 * {@code BOOT-INF/classes} when there is no {@code target/classes}):
 *
 * <ul>
 *   <li>the property names, from every {@code META-INF/spring-configuration-metadata.json}: the one of each bundled
 *       jar (Spring Boot's, the libraries', our libraries') and the app's own, all written by Spring Boot's
 *       configuration processor (the parent pom runs it; it merges an
 *       {@code additional-spring-configuration-metadata.json} into them). A list or map of a type it describes with
 *       {@code @ConfigurationPropertiesSource} (in {@code META-INF/spring/configuration-metadata/}) gives that type's
 *       properties below each index or key;
 *   <li>of our {@code @ConfigurationProperties} classes, only those the app binds: named by an
 *       {@code @EnableConfigurationProperties} in the app or in one of our libraries (the outbox's auto-configuration,
 *       the app binding request-client's {@code request.*}), or under the package of an app's
 *       {@code @ConfigurationPropertiesScan}. The metadata says what a jar offers, not what the app enables: the
 *       gateway and the sandbox ship request-client for its webhook classes but bind no {@code request.*}. Those
 *       annotations are read from the class files with the JDK's class-file API;
 *   <li>the {@code ${VARIABLE}} placeholders of its {@code application.yml}, such as {@code ${API_KEY:}}.
 * </ul>
 */
final class AppJar {

    private static final String METADATA = "META-INF/spring-configuration-metadata.json";
    /** Where the processor describes a {@code @ConfigurationPropertiesSource} type, one file by binary name. */
    private static final String TYPE_METADATA = "META-INF/spring/configuration-metadata/";

    private static final String APP_CLASSES = "BOOT-INF/classes/";
    private static final String LIBRARIES = "BOOT-INF/lib/";
    private static final String OUR_CLASSES = "io/payrecon/";
    private static final Pattern MARKER = Pattern.compile("\\[\\*]|\\[key]");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    /** A type the binder fills by index or key, as the metadata spells it: {@code java.util.List<java.lang.String>}. */
    private static final Pattern CONTAINER =
            Pattern.compile("java\\.util\\.(List|Set|SortedSet|Collection|Map)(?:<(.*)>)?|(.*)\\[]");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A property the app binds; {@code [*]} marks a list index, {@code [key]} a map key. */
    record KnownProperty(String name, Shape shape, String source) {

        /**
         * What may follow the name: nothing, a list index, a list index and maybe a property of the element (a type
         * the metadata does not describe, an object or an enum), or any map key.
         */
        enum Shape {
            VALUE,
            LIST,
            LIST_OF_OBJECTS,
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
                case LIST_OF_OBJECTS -> "(_[0-9]+(_[A-Z0-9_]+)?)?";
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
        // The app's own classes, metadata and application.yml from target/classes, which the jar's BOOT-INF/classes is
        // packaged from: the same in a reactor build, and already the recompiled app while someone has not repackaged
        // it yet.
        Path classes = root.resolve(module).resolve("target").resolve("classes");
        boolean compiled = Files.isDirectory(classes);
        Contents contents = new Contents();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!compiled && name.startsWith(APP_CLASSES) && !entry.isDirectory()) {
                    contents.add(name.substring(APP_CLASSES.length()), () -> readAll(zip, entry), APP_CLASSES, true);
                } else if (name.startsWith(LIBRARIES) && name.endsWith(".jar")) {
                    try (InputStream library = zip.getInputStream(entry)) {
                        contents.addLibrary(name.substring(LIBRARIES.length()), library);
                    }
                }
            }
            if (compiled) {
                try (Stream<Path> files = Files.walk(classes)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        String path = classes.relativize(file).toString().replace('\\', '/');
                        contents.add(path, () -> Files.readAllBytes(file), "target/classes", true);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar + " or " + classes, e);
        }
        Set<String> placeholders = new LinkedHashSet<>();
        Matcher placeholder = PLACEHOLDER.matcher(contents.yaml);
        while (placeholder.find()) {
            placeholders.add(placeholder.group(1));
        }
        return new AppJar(
                jar, flatten(contents.yaml), Set.copyOf(placeholders), List.copyOf(contents.properties(module)));
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

    /** A file's content, read only when it matters. */
    private interface Content {
        byte[] read() throws IOException;
    }

    /** One {@code spring-configuration-metadata.json} and where it was found. */
    private record Metadata(String location, JsonNode json) {}

    /** What the app's classes and jars hold that matters here. */
    private static final class Contents {

        private final List<Metadata> metadata = new ArrayList<>();
        /** The {@code @ConfigurationPropertiesSource} types described, by binary name. */
        private final Map<String, JsonNode> types = new HashMap<>();
        /**
         * Our {@code @ConfigurationProperties} classes: bound when an {@code @EnableConfigurationProperties} names one
         * or an app's {@code @ConfigurationPropertiesScan} covers its package.
         */
        private final Set<String> configurationProperties = new HashSet<>();

        private final Set<String> enabled = new HashSet<>();
        private final Set<String> scannedPackages = new HashSet<>();
        private String yaml = "";

        void addLibrary(String jar, InputStream library) throws IOException {
            ZipInputStream zip = new ZipInputStream(library);
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (!entry.isDirectory()) {
                    add(entry.getName(), zip::readAllBytes, jar, false);
                }
            }
        }

        void add(String path, Content content, String location, boolean app) throws IOException {
            if (path.equals(METADATA)) {
                metadata.add(new Metadata(location, JSON.readTree(content.read())));
            } else if (path.startsWith(TYPE_METADATA)
                    && path.endsWith(".json")
                    && path.indexOf('/', TYPE_METADATA.length()) < 0) {
                String type = path.substring(TYPE_METADATA.length(), path.length() - ".json".length());
                types.put(type, JSON.readTree(content.read()));
            } else if (path.endsWith(".class") && (app || path.startsWith(OUR_CLASSES))) {
                readAnnotations(ClassFile.of().parse(content.read()), app);
            } else if (app && path.equals("application.yml")) {
                yaml = new String(content.read(), StandardCharsets.UTF_8);
            }
        }

        private void readAnnotations(ClassModel type, boolean app) {
            String name = type.thisClass().asInternalName().replace('/', '.');
            type.findAttribute(Attributes.runtimeVisibleAnnotations()).ifPresent(attribute -> {
                for (Annotation annotation : attribute.annotations()) {
                    String annotationType = binaryName(annotation.classSymbol());
                    if (annotationType.equals(ConfigurationProperties.class.getName())) {
                        configurationProperties.add(name);
                    } else if (annotationType.equals(EnableConfigurationProperties.class.getName())) {
                        annotation.elements().stream()
                                .filter(element -> element.name().equalsString("value"))
                                .flatMap(element -> element.value() instanceof AnnotationValue.OfArray array
                                        ? array.values().stream()
                                        : Stream.of(element.value()))
                                .filter(AnnotationValue.OfClass.class::isInstance)
                                .map(value -> binaryName(((AnnotationValue.OfClass) value).classSymbol()))
                                .forEach(enabled::add);
                    } else if (app && annotationType.equals(ConfigurationPropertiesScan.class.getName())) {
                        scannedPackages.add(type.thisClass().asSymbol().packageName());
                    }
                }
            });
        }

        /**
         * Every property of the metadata, but those of our {@code @ConfigurationProperties} classes only when the app
         * binds them.
         */
        List<KnownProperty> properties(String module) {
            Set<String> bound = new HashSet<>();
            for (String type : configurationProperties) {
                if (enabled.contains(type)
                        || scannedPackages.stream().anyMatch(scanned -> type.startsWith(scanned + "."))) {
                    bound.add(type);
                }
            }
            Set<String> undescribed = new HashSet<>(bound);
            List<KnownProperty> known = new ArrayList<>();
            for (Metadata file : metadata) {
                Map<String, String> ours = new HashMap<>(); // prefix -> one of our @ConfigurationProperties classes
                for (JsonNode group : file.json().path("groups")) {
                    String type = group.path("type").asString("");
                    if (configurationProperties.contains(type)) {
                        ours.put(group.path("name").asString(), type);
                        undescribed.remove(type);
                    }
                }
                for (JsonNode property : file.json().path("properties")) {
                    String name = property.path("name").asString();
                    Optional<String> owner = ours.keySet().stream()
                            .filter(prefix -> name.startsWith(prefix + "."))
                            .max(Comparator.comparingInt(String::length))
                            .map(ours::get);
                    if (owner.isEmpty() || bound.contains(owner.get())) {
                        add(name, property.path("type").asString(""), file.location(), known, 0);
                    }
                }
            }
            if (!undescribed.isEmpty()) {
                throw new IllegalStateException(module + " binds " + undescribed + " but no " + METADATA
                        + " describes it: the classes were compiled without Spring Boot's configuration processor,"
                        + " which the parent pom runs; rebuild them (./mvnw -B clean package)");
            }
            return known;
        }

        /** A property; a list or map of a described type as that type's properties below each index or key. */
        private void add(String name, String type, String source, List<KnownProperty> known, int depth) {
            Matcher container = CONTAINER.matcher(type);
            if (!container.matches()) {
                known.add(new KnownProperty(name, KnownProperty.Shape.VALUE, source));
                return;
            }
            boolean map = "Map".equals(container.group(1));
            String element = container.group(3) != null ? container.group(3) : lastTypeArgument(container.group(2));
            JsonNode described = types.get(element);
            if (described != null && depth < 5) { // deeper only for a type that contains itself
                for (JsonNode property : described.path("properties")) {
                    String below = name
                            + (map ? "[key]." : "[*].")
                            + property.path("name").asString();
                    add(below, property.path("type").asString(""), source, known, depth + 1);
                }
            } else {
                known.add(new KnownProperty(
                        name,
                        map
                                ? KnownProperty.Shape.MAP
                                : element.isEmpty() || element.startsWith("java.")
                                        ? KnownProperty.Shape.LIST
                                        : KnownProperty.Shape.LIST_OF_OBJECTS,
                        source));
            }
        }
    }

    /** {@code java.lang.Integer} from {@code java.lang.String,java.lang.Integer}; empty without type arguments. */
    private static String lastTypeArgument(String arguments) {
        if (arguments == null) {
            return "";
        }
        int depth = 0;
        int start = 0;
        for (int i = 0; i < arguments.length(); i++) {
            switch (arguments.charAt(i)) {
                case '<' -> depth++;
                case '>' -> depth--;
                case ',' -> start = depth == 0 ? i + 1 : start;
                default -> {}
            }
        }
        return arguments.substring(start).strip();
    }

    /** {@code io.payrecon.sandbox.SandboxProperties$Credential} from its descriptor. */
    private static String binaryName(ClassDesc type) {
        String descriptor = type.descriptorString();
        return descriptor.substring(1, descriptor.length() - 1).replace('/', '.');
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
