package io.payrecon.requestclient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The provider's documented webhook bodies (request-network-api.md), one per event type, each the exact bytes of a
 * request body (no trailing newline), read from the classpath. They are copies of
 * {@code ../shared/fixtures/request-network/webhooks/*.json}, kept equal by {@code WebhookFixturesTest}, and reach
 * the gateway's and the sandbox's tests through request-client's test-jar, so every module tests against the same
 * bytes and a build needs nothing outside the repository.
 */
public final class WebhookFixtures {

    /** The provider's test delivery, whose HMAC request-network-api.md §4 documents. */
    public static final String TEST_VECTOR = "test-vector-body.json";

    static final String LOCATION = "request-network/webhooks";

    private static final SortedMap<String, byte[]> BODIES = load();

    private WebhookFixtures() {}

    /** The file names of all fixtures, such as {@code payment.confirmed.json}, sorted. */
    public static List<String> names() {
        return List.copyOf(BODIES.keySet());
    }

    /** A fresh copy of the bytes of fixture {@code name}, such as {@code payment.confirmed.json}. */
    public static byte[] body(String name) {
        byte[] body = BODIES.get(name);
        if (body == null) {
            throw new IllegalArgumentException(
                    "No webhook fixture " + name + " in " + LOCATION + " on the classpath; there are " + names());
        }
        return body.clone();
    }

    /** Reads every {@code *.json} of the fixture directory, whether it is a folder or inside a jar. */
    private static SortedMap<String, byte[]> load() {
        URL anchor = WebhookFixtures.class.getResource("/" + LOCATION + "/" + TEST_VECTOR);
        if (anchor == null) {
            throw new IllegalStateException(LOCATION + "/" + TEST_VECTOR + " is not on the test classpath: depend on"
                    + " io.payrecon:request-client with <type>test-jar</type>");
        }
        try {
            if (anchor.openConnection() instanceof JarURLConnection inJar) {
                // A file system of its own, not the JDK's shared one for the jar's URI, which another reader may hold
                // open.
                try (FileSystem jar =
                        FileSystems.newFileSystem(Path.of(inJar.getJarFileURL().toURI()))) {
                    return read(jar.getPath("/" + LOCATION));
                }
            }
            return read(Path.of(anchor.toURI()).getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the webhook fixtures at " + anchor, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot read the webhook fixtures at " + anchor, e);
        }
    }

    private static SortedMap<String, byte[]> read(Path directory) throws IOException {
        SortedMap<String, byte[]> bodies = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(file -> file.getFileName().toString().endsWith(".json"))
                    .toList()) {
                bodies.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        return Collections.unmodifiableSortedMap(bodies);
    }
}
