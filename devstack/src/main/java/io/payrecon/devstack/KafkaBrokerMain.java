package io.payrecon.devstack;

import io.payrecon.events.Principal;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.Kafka;
import kafka.tools.StorageTool;

/**
 * Entry point of the broker JVM: formats the log directory on first start, with the super-user's SCRAM credential in
 * its metadata (the broker checks SCRAM logins against the metadata, so without it nobody could ever log in), then runs
 * Kafka. It exits when the process that started it exits, so a killed test JVM or pipeline never leaves a broker
 * behind.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {}

    /**
     * @param args the server.properties path, the cluster id, the pid of the parent process to follow, and the
     *     credentials file holding the super-user's password (read here, never passed on a command line)
     */
    public static void main(String[] args) {
        String config = args[0];
        String clusterId = args[1];
        long parentPid = Long.parseLong(args[2]);
        Path credentials = Path.of(args[3]);
        ProcessHandle.of(parentPid)
                .ifPresentOrElse(parent -> parent.onExit().thenRun(() -> System.exit(0)), () -> System.exit(0));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        int formatted = StorageTool.execute(
                new String[] {
                    "format",
                    "--cluster-id",
                    clusterId,
                    "--config",
                    config,
                    "--ignore-formatted",
                    "--add-scram",
                    KafkaCredentials.SASL_MECHANISM + "=[name=" + Principal.SUPER_USER + ",password="
                            + superUserPassword(credentials) + "]"
                },
                out);
        if (formatted != 0) {
            System.exit(formatted);
        }
        Kafka.main(new String[] {config});
    }

    private static String superUserPassword(Path credentials) {
        Properties passwords = new Properties();
        try (Reader in = Files.newBufferedReader(credentials, StandardCharsets.UTF_8)) {
            passwords.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + credentials, e);
        }
        return passwords.getProperty(Principal.SUPER_USER);
    }
}
