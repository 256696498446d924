package io.payrecon.devstack;

import io.payrecon.events.Principal;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;
import java.util.Set;

/**
 * The passwords of the broker's super-user and of every principal of the access table, generated once per data
 * directory and kept in {@code credentials.properties} (mode 0600) beside the log, so restarts keep them: the
 * super-user's is in the log itself, added when the storage was formatted. The file also marks a data directory
 * formatted with that credential; one formatted without it predates authentication (see {@link KafkaBroker}).
 */
final class KafkaPasswords {

    static final String FILE = "credentials.properties";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Properties passwords;

    private KafkaPasswords(Properties passwords) {
        this.passwords = passwords;
    }

    static boolean existIn(Path dataDir) {
        return Files.exists(dataDir.resolve(FILE));
    }

    /** The passwords kept in the directory, with one generated for any user that has none yet (a new principal). */
    static KafkaPasswords in(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        Properties passwords = new Properties();
        try {
            if (Files.exists(file)) {
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    passwords.load(in);
                }
            }
            boolean generated = generateMissing(passwords, Principal.SUPER_USER);
            for (Principal principal : Principal.values()) {
                generated |= generateMissing(passwords, principal.username());
            }
            if (generated) {
                write(file, passwords);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the Kafka credentials in " + file, e);
        }
        return new KafkaPasswords(passwords);
    }

    KafkaCredentials superUser() {
        return of(Principal.SUPER_USER);
    }

    KafkaCredentials of(Principal principal) {
        return of(principal.username());
    }

    private KafkaCredentials of(String username) {
        return new KafkaCredentials(username, passwords.getProperty(username));
    }

    private static boolean generateMissing(Properties passwords, String username) {
        if (passwords.getProperty(username, "").isBlank()) {
            byte[] random = new byte[24];
            RANDOM.nextBytes(random);
            passwords.setProperty(username, HexFormat.of().formatHex(random));
            return true;
        }
        return false;
    }

    /** Written to a new file created 0600, then renamed over the old one: never readable by others, never half. */
    private static void write(Path file, Properties passwords) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path written = Files.createTempFile(
                directory, ".credentials-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try (Writer out = Files.newBufferedWriter(written, StandardCharsets.UTF_8)) {
            passwords.store(out, "devstack's Kafka users: generated once, development only");
        }
        Files.setPosixFilePermissions(written, OWNER_ONLY);
        Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
