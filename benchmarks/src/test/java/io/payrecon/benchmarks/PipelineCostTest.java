package io.payrecon.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineCostTest {

    @Test
    void theBrokersLogIsTheSegmentsOfEveryPartitionByTopic(@TempDir Path log) throws Exception {
        segment(log, "payments.webhooks.v1-0", "00000000000000000000.log", 1_000);
        segment(log, "payments.webhooks.v1-0", "00000000000000012345.log", 500);
        segment(log, "payments.webhooks.v1-2", "00000000000000000000.log", 300);
        segment(log, "payments.webhooks.v1-2", "00000000000000000000.index", 10_485_760);
        segment(log, "orders.payment-status.v1-1", "00000000000000000000.log", 42);
        segment(log, "orders.payment-status.v1-1.5f1c-delete", "00000000000000000000.log", 7);
        Files.writeString(log.resolve("meta.properties"), "node.id=1");

        assertThat(PipelineCost.segmentBytesByTopic(log))
                .containsExactlyInAnyOrderEntriesOf(
                        java.util.Map.of("payments.webhooks.v1", 1_800L, "orders.payment-status.v1", 42L));
    }

    private static void segment(Path log, String partition, String file, int bytes) throws Exception {
        Files.createDirectories(log.resolve(partition));
        Files.write(log.resolve(partition).resolve(file), new byte[bytes]);
    }
}
