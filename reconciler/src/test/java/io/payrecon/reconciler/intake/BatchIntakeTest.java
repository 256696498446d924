package io.payrecon.reconciler.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payrecon.platform.Infrastructure;
import io.payrecon.reconciler.inbox.InboundRecord;
import io.payrecon.reconciler.inbox.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * How a batch is cut into transactions, and what the error handler is told when one fails: which record, and why. The
 * reconciliation is a stand-in.
 */
class BatchIntakeTest {

    private static final int LANES = 3;
    private static final int PARALLEL_FROM = 12;

    private volatile boolean databaseAnswers = true;
    private final BatchIntake intake = new BatchIntake(
            new HaltAfterBatchCommits(0, status -> {
                throw new AssertionError("halted");
            }),
            new Infrastructure(() -> databaseAnswers),
            LANES,
            PARALLEL_FROM);
    private final List<List<Long>> transactions = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeLanes() {
        intake.close();
    }

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

    @Test
    void batchSmallerThanTheSplittingSizeIsOneTransactionWhateverItsKeys() {
        intake.apply(keyed(PARALLEL_FROM - 1), recording(batch -> List.of()));

        assertThat(transactions).hasSize(1);
        assertThat(transactions.get(0)).hasSize(PARALLEL_FROM - 1);
    }

    @Test
    void largeBatchIsSplitByKeyIntoTransactionsThatRunAtTheSameTimeEachKeyInItsOrder() {
        CyclicBarrier allLanesStarted = new CyclicBarrier(LANES);
        List<ConsumerRecord<String, byte[]>> batch = keyed(60);

        intake.apply(batch, recording(slice -> {
            try {
                // one after the other, the first slice would wait here for good
                allLanesStarted.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the batch's slices did not run at the same time", e);
            }
            return List.of();
        }));

        assertThat(transactions).hasSize(LANES);
        assertThat(transactions.stream().flatMap(List::stream).sorted())
                .as("every record applied once")
                .containsExactlyElementsOf(LongStream.range(0, 60).boxed().toList());
        Map<String, Integer> sliceOfKey = new HashMap<>();
        for (int slice = 0; slice < transactions.size(); slice++) {
            List<Long> offsets = transactions.get(slice);
            assertThat(offsets).as("in log order within a slice").isSorted();
            for (long offset : offsets) {
                String key = batch.get((int) offset).key();
                assertThat(sliceOfKey.putIfAbsent(key, slice))
                        .as("all of key %s's records in one slice", key)
                        .isIn(null, slice);
            }
        }
    }

    @Test
    void failuresInSeveralSlicesAreReportedForTheBatchsFirstRecordNotApplied() {
        List<ConsumerRecord<String, byte[]>> batch = keyed(60);
        String poisonedKey = batch.get(4).key();
        String failingKey = batch.stream()
                .map(ConsumerRecord::key)
                .filter(key -> lane(key) != lane(poisonedKey))
                .findFirst()
                .orElseThrow();
        long failingOffset = batch.stream()
                .filter(record -> record.key().equals(failingKey) && record.offset() > 20)
                .findFirst()
                .orElseThrow()
                .offset();

        assertThatThrownBy(() -> intake.apply(batch, recording(slice -> {
                    if (slice.stream().anyMatch(record -> record.offset() == failingOffset)) {
                        throw new DataIntegrityViolationException("invalid byte sequence");
                    }
                    for (int i = 0; i < slice.size(); i++) {
                        if (slice.get(i).offset() == 4) {
                            return List.of(new Rejection(i, "bad"));
                        }
                    }
                    return List.of();
                })))
                .as("the poison record at 4 comes first; the failure at %d is found again after it", failingOffset)
                .isInstanceOfSatisfying(BatchListenerFailedException.class, failed -> {
                    assertThat(failed.getIndex()).isEqualTo(4);
                    assertThat(failed.getCause()).isInstanceOf(PoisonRecordException.class);
                });
        assertThat(transactions)
                .as("the failing slice was narrowed down to its record at fault")
                .contains(List.of(failingOffset));
    }

    @Test
    void outageInOneSliceHoldsTheBatchFromThatSlicesFirstRecord() {
        databaseAnswers = false;
        List<ConsumerRecord<String, byte[]>> batch = keyed(60);
        int outageLane = lane(batch.get(7).key());
        long firstOfThatLane = batch.stream()
                .filter(record -> lane(record.key()) == outageLane)
                .findFirst()
                .orElseThrow()
                .offset();

        assertThatThrownBy(() -> intake.apply(batch, recording(slice -> {
                    if (lane(slice.get(0).key()) == outageLane) {
                        throw new DataAccessResourceFailureException("connection reset");
                    }
                    return List.of();
                })))
                .isInstanceOfSatisfying(
                        BatchIntake.OutageHeld.class,
                        failed -> assertThat(failed.getIndex()).isEqualTo((int) firstOfThatLane));
    }

    private static int lane(String key) {
        return Math.floorMod(key.hashCode(), LANES);
    }

    private Function<List<InboundRecord>, List<Rejection>> recording(
            Function<List<InboundRecord>, List<Rejection>> reconcile) {
        return batch -> {
            transactions.add(batch.stream().map(InboundRecord::offset).toList());
            return reconcile.apply(batch);
        };
    }

    /** Records of twelve keys, round robin, offset = place in the batch. */
    private static List<ConsumerRecord<String, byte[]>> keyed(int count) {
        return IntStream.range(0, count)
                .mapToObj(offset -> new ConsumerRecord<>(
                        "payments.webhooks.v1",
                        0,
                        offset,
                        "req-" + offset % 12,
                        ("record " + offset).getBytes(StandardCharsets.UTF_8)))
                .toList();
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
