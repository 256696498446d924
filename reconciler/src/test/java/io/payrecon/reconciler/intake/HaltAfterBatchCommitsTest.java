package io.payrecon.reconciler.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payrecon.platform.Infrastructure;
import io.payrecon.reconciler.inbox.InboundRecord;
import io.payrecon.reconciler.inbox.Rejection;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class HaltAfterBatchCommitsTest {

    private final List<Integer> halts = new ArrayList<>();

    @Test
    void haltsWithStatus137AtExactlyTheNthBatchCommitAndOnlyThen() {
        HaltAfterBatchCommits chaos = new HaltAfterBatchCommits(3, halts::add);

        chaos.batchCommitted();
        chaos.batchCommitted();
        assertThat(halts).isEmpty();
        chaos.batchCommitted();
        assertThat(halts).containsExactly(137);
        chaos.batchCommitted();
        assertThat(halts).containsExactly(137);
    }

    @Test
    void neverHaltsWhenOff() {
        HaltAfterBatchCommits chaos = new HaltAfterBatchCommits(0, halts::add);

        for (int i = 0; i < 100; i++) {
            chaos.batchCommitted();
        }

        assertThat(halts).isEmpty();
    }

    @Test
    void batchIntakeHaltsAfterTheBatchsTransactionAndBeforeTheListenerReturns() {
        List<String> steps = new ArrayList<>();
        BatchIntake intake = new BatchIntake(
                new HaltAfterBatchCommits(2, status -> {
                    steps.add("halt " + status);
                    throw new Halted();
                }),
                new Infrastructure(() -> true),
                1,
                1000);
        List<ConsumerRecord<String, byte[]>> batch =
                List.of(new ConsumerRecord<>("payments.webhooks.v1", 0, 7, "key", new byte[] {1}));
        java.util.function.Function<List<InboundRecord>, List<Rejection>> reconcile = records -> {
            steps.add("commit");
            return List.of();
        };

        intake.apply(batch, reconcile);
        assertThatThrownBy(() -> intake.apply(batch, reconcile)).isInstanceOf(Halted.class);

        assertThat(steps).containsExactly("commit", "commit", "halt 137");
    }

    /** Stands for the end of the process: nothing after the halt runs. */
    private static final class Halted extends RuntimeException {}
}
