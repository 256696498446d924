package io.payrecon.reconciler.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payrecon.platform.Infrastructure;
import io.payrecon.reconciler.inbox.InboundRecord;
import io.payrecon.reconciler.inbox.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.listener.BatchListenerFailedException;

/** What the error handler is told when a batch fails: which record, and why. The reconciliation is a stand-in. */
class BatchIntakeTest {

    private boolean databaseAnswers = true;
    private final BatchIntake intake = new BatchIntake(
            new HaltAfterBatchCommits(0, status -> {
                throw new AssertionError("halted");
            }),
            new Infrastructure(() -> databaseAnswers));
    private final List<List<Long>> transactions = new ArrayList<>();

    @Test
    void batchAppliedInFullNeedsNothingFromTheErrorHandler() {
        intake.apply(records(5), recording(batch -> List.of()));

        assertThat(transactions).containsExactly(List.of(0L, 1L, 2L, 3L, 4L));
    }

    @Test
    void firstRejectedRecordIsReportedAsPoisonAfterTheRestWasApplied() {
        assertThatThrownBy(() -> intake.apply(
                        records(5), recording(batch -> List.of(new Rejection(3, "late"), new Rejection(1, "bad")))))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, failed -> {
                    assertThat(failed.getIndex()).isEqualTo(1);
                    assertThat(failed.getCause())
                            .isInstanceOf(PoisonRecordException.class)
                            .hasMessage("bad");
                });
        assertThat(transactions).hasSize(1);
    }

    @Test
    void databaseOutageReportsTheWholeBatchFromItsFirstRecordAsAnOutage() {
        databaseAnswers = false;
        assertThatThrownBy(() -> intake.apply(records(5), recording(batch -> {
                    throw new DataAccessResourceFailureException("database down");
                })))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, failed -> {
                    assertThat(failed.getIndex()).isZero();
                    assertThat(Infrastructure.Outage.in(failed)).isTrue();
                    assertThat(failed)
                            .as("a class of its own: the error handler picks the schedule anew when the class changes")
                            .isInstanceOf(BatchIntake.OutageHeld.class);
                });
        assertThat(transactions).hasSize(1);
    }

    @Test
    void failureThatLooksLikeTheDatabasesWhileItAnswersIsTheRecordsAndIsNarrowedDown() {
        // PostgreSQL's "index row size exceeds maximum" (SQLSTATE 54000) maps to a resource failure
        assertThatThrownBy(() -> intake.apply(records(4), recording(batch -> {
                    if (batch.stream().anyMatch(record -> record.offset() == 2)) {
                        throw new DataAccessResourceFailureException("index row size 4016 exceeds maximum 2704");
                    }
                    return List.of();
                })))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, failed -> {
                    assertThat(failed.getIndex()).isEqualTo(2);
                    assertThat(Infrastructure.Outage.in(failed)).isFalse();
                    assertThat(failed).isInstanceOf(BatchIntake.RecordFailed.class);
                });
        assertThat(transactions).containsExactly(List.of(0L, 1L, 2L, 3L), List.of(0L), List.of(1L), List.of(2L));
    }

    @Test
    void databaseLostWhileNarrowingDownIsAnOutageFromTheRecordItReached() {
        assertThatThrownBy(() -> intake.apply(records(4), recording(batch -> {
                    if (batch.size() > 1) {
                        throw new IllegalStateException("something in here");
                    }
                    if (batch.get(0).offset() == 1) {
                        databaseAnswers = false;
                        throw new DataAccessResourceFailureException("connection reset");
                    }
                    return List.of();
                })))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, failed -> {
                    assertThat(failed.getIndex()).isEqualTo(1);
                    assertThat(Infrastructure.Outage.in(failed)).isTrue();
                });
    }

    @Test
    void otherFailureIsNarrowedDownToTheRecordAtFaultAfterApplyingTheOnesBeforeIt() {
        assertThatThrownBy(() -> intake.apply(records(5), recording(batch -> {
                    if (batch.stream().anyMatch(record -> record.offset() == 3)) {
                        throw new DataIntegrityViolationException("invalid byte sequence");
                    }
                    return List.of();
                })))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, failed -> {
                    assertThat(failed.getIndex()).isEqualTo(3);
                    assertThat(Infrastructure.Outage.in(failed)).isFalse();
                });
        assertThat(transactions)
                .containsExactly(List.of(0L, 1L, 2L, 3L, 4L), List.of(0L), List.of(1L), List.of(2L), List.of(3L));
    }

    @Test
    void recordRejectedOnItsOwnWhileNarrowingDownIsReportedAsPoisonAtItsPlace() {
        assertThatThrownBy(() -> intake.apply(records(4), recording(batch -> {
                    if (batch.size() > 1) {
                        throw new IllegalStateException("something in here");
                    }
                    return batch.get(0).offset() == 2 ? List.of(new Rejection(0, "bad on its own")) : List.of();
                })))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, failed -> {
                    assertThat(failed.getIndex()).isEqualTo(2);
                    assertThat(failed.getCause()).isInstanceOf(PoisonRecordException.class);
                });
    }

    private Function<List<InboundRecord>, List<Rejection>> recording(
            Function<List<InboundRecord>, List<Rejection>> reconcile) {
        return batch -> {
            transactions.add(batch.stream().map(InboundRecord::offset).toList());
            return reconcile.apply(batch);
        };
    }

    private static List<ConsumerRecord<String, byte[]>> records(int count) {
        return IntStream.range(0, count)
                .mapToObj(offset -> new ConsumerRecord<>(
                        "payments.webhooks.v1",
                        0,
                        offset,
                        "key",
                        ("record " + offset).getBytes(StandardCharsets.UTF_8)))
                .toList();
    }
}
