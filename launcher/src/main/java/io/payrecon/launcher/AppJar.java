package io.payrecon.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An app's code as the launcher starts it: its executable jar, or, once {@link AotTraining} has run, the same jar
 * extracted next to it ({@code target/aot/}) with an ahead-of-time cache (JDK 25's AOT cache: classes loaded and
 * linked, and method profiles, from a training run; JEPs 483, 514 and 515). Only an extracted jar can use the cache:
 * the JVM does not archive classes from the jars nested in an executable jar.
 *
 * <p>The cache holds for the jars it was trained with: a jar built after the training makes it stale, and the app
 * starts from its executable jar as before, only slower. {@code PIPELINE_AOT} in the app's environment chooses:
 * {@code auto} (the default: the cache when it is fresh), {@code off} (never; to compare), or {@code train} (record
 * a new cache while the app runs, written when it stops).
 */
record AppJar(Path jar) {

    /** What {@code PIPELINE_AOT} asks for. */
    enum Aot {
        AUTO,
        OFF,
        TRAIN;

        static Aot of(Map<String, String> environment) {
            String value = environment.getOrDefault("PIPELINE_AOT", "auto");
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("PIPELINE_AOT must be auto, off or train, was '" + value + "'", e);
            }
        }
    }

    Path extractedJar() {
        return jar.resolveSibling("aot").resolve(jar.getFileName());
    }

    Path cache() {
        String name = jar.getFileName().toString();
        return jar.resolveSibling("aot").resolve(name.substring(0, name.length() - ".jar".length()) + ".aot");
    }

    /** True when a cache exists that was trained on this very build of the jar. */
    boolean cached() {
        return Files.isRegularFile(cache())
                && Files.isRegularFile(extractedJar())
                && !modified(cache()).toInstant().isBefore(modified(jar).toInstant());
    }

    /** The arguments after the JVM options: which jar to run, with or without the cache. */
    List<String> launchArguments(Aot aot) {
        return switch (aot) {
            case TRAIN ->
                List.of("-XX:AOTCacheOutput=" + cache(), "-jar", extractedJar().toString());
            case AUTO ->
                cached()
                        ? List.of(
                                "-XX:AOTCache=" + cache(),
                                "-jar",
                                extractedJar().toString())
                        : List.of("-jar", jar.toString());
            case OFF -> List.of("-jar", jar.toString());
        };
    }

    /**
     * Extracts the executable jar into {@code target/aot/} (Spring Boot's {@code jarmode=tools extract}: the app's
     * classes in one jar, its libraries beside it in {@code lib/}), replacing an earlier extraction and its cache.
     */
    void extract(Path java) {
        Path directory = extractedJar().getParent();
        try {
            Pipeline.deleteRecursively(directory);
            Process process = new ProcessBuilder(
                            java.toString(),
                            "-Djarmode=tools",
                            "-jar",
                            jar.toString(),
                            "extract",
                            "--destination",
                            directory.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("Could not extract " + jar + " into " + directory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not extract " + jar, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while extracting " + jar, e);
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
