package io.payrecon.devstack;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import kafka.Kafka;
import kafka.tools.StorageTool;

/**
 * Entry point of the broker JVM: formats the log directory on first start, then runs Kafka. It exits when the
 * process that started it exits, so a killed test JVM or pipeline never leaves a broker behind.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {}

    /**
     * @param args the server.properties path, the cluster id, and the pid of the parent process to follow
     */
    public static void main(String[] args) {
        String config = args[0];
        String clusterId = args[1];
        long parentPid = Long.parseLong(args[2]);
        ProcessHandle.of(parentPid)
                .ifPresentOrElse(parent -> parent.onExit().thenRun(() -> System.exit(0)), () -> System.exit(0));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        int formatted = StorageTool.execute(
                new String[] {"format", "--cluster-id", clusterId, "--config", config, "--ignore-formatted"}, out);
        if (formatted != 0) {
            System.exit(formatted);
        }
        Kafka.main(new String[] {config});
    }
}
