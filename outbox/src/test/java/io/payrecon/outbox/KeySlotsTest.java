package io.payrecon.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KeySlotsTest {

    @Test
    void theLanesOfARelayShareTheSlotsOutEachSlotToExactlyOneLane() {
        for (int lanes = 1; lanes <= KeySlots.COUNT; lanes++) {
            long union = 0;
            for (int lane = 0; lane < lanes; lane++) {
                long slots = KeySlots.ofLane(lane, lanes);
                assertThat(union & slots)
                        .as("lane %d of %d overlaps another", lane, lanes)
                        .isZero();
                assertThat(Long.bitCount(slots)).isBetween(KeySlots.COUNT / lanes, KeySlots.COUNT / lanes + 1);
                union |= slots;
            }
            assertThat(union).as("%d lanes cover every slot", lanes).isEqualTo(KeySlots.ALL);
        }
    }

    @Test
    void aLaneOfThreePublishesTheSlotsWithItsRemainder() {
        assertThat(KeySlots.numbers(KeySlots.ofLane(1, 3)))
                .containsExactly(IntStream.iterate(1, slot -> slot < 64, slot -> slot + 3)
                        .toArray());
    }

    @Test
    void aKeyHashFallsInTheSlotOfItsLowSixBitsAsPostgresComputesIt() {
        // hashtext('order-1') & 63 in SQL; negative hashes too, as hashtext returns int4
        assertThat(KeySlots.ofKeyHash(0)).isEqualTo(1L);
        assertThat(KeySlots.ofKeyHash(65)).isEqualTo(1L << 1);
        assertThat(KeySlots.ofKeyHash(-1)).isEqualTo(1L << 63);
        assertThat(KeySlots.ofKeyHash(-64)).isEqualTo(1L);
        assertThat(-1 & 63).isEqualTo(63); // what PostgreSQL's & gives for -1 and 63, two's complement alike
    }

    @Test
    void slotNumbersAndSetsConvertBothWays() {
        long slots = KeySlots.of(List.of(0, 5, 63));
        assertThat(KeySlots.numbers(slots)).containsExactly(0, 5, 63);
        assertThat(KeySlots.of(List.of())).isZero();
    }

    @Test
    void moreLanesThanSlotsOrALaneOutsideTheRelayIsRefused() {
        assertThatThrownBy(() -> KeySlots.ofLane(0, 65)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeySlots.ofLane(3, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeySlots.ofLane(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
