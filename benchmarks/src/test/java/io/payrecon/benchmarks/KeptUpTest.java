package io.payrecon.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.SequencedMap;
import org.junit.jupiter.api.Test;

class KeptUpTest {

    private static final long MS = 1_000_000;

    @Test
    void keptUpFromTheFirstSecondFromWhichNoSecondWaitedLongerThanTheLimit() {
        KeptUp keptUp = new KeptUp(10, 5);
        for (int i = 0; i < 50; i++) {
            keptUp.record(i, i == 5 ? 3_000 * MS : i == 19 ? 1_500 * MS : i == 25 ? 900 * MS : 20 * MS);
        }

        assertThat(keptUp.from(Duration.ofSeconds(1))).hasValue(2);
        assertThat(keptUp.from(Duration.ofSeconds(2))).hasValue(1);
        assertThat(keptUp.from(Duration.ofMillis(500))).hasValue(3);
        assertThat(keptUp.behindFrom(0, Duration.ofSeconds(1))).isEqualTo(2);
        assertThat(keptUp.behindFrom(2, Duration.ofSeconds(1))).isZero();
    }

    @Test
    void aSecondWithARequestFailedOrNotRecordedDidNotKeepUp() {
        KeptUp keptUp = new KeptUp(10, 4);
        for (int i = 0; i < 40; i++) {
            if (i == 12) {
                keptUp.failed(i); // second 1: a timeout among fast answers
            } else if (i != 27) { // second 2: one status event never seen
                keptUp.record(i, 10 * MS);
            }
        }

        assertThat(keptUp.from(Duration.ofSeconds(1))).hasValue(3);
        assertThat(keptUp.behindFrom(0, Duration.ofSeconds(1))).isEqualTo(2);
    }

    @Test
    void aLastSecondBehindOrWithNothingRecordedHasNotKeptUp() {
        KeptUp behind = new KeptUp(10, 3);
        for (int i = 0; i < 30; i++) {
            behind.record(i, (i >= 20 ? 2_000 : 10) * MS);
        }
        assertThat(behind.from(Duration.ofSeconds(1))).isEmpty();

        KeptUp silent = new KeptUp(10, 3);
        for (int i = 0; i < 20; i++) {
            silent.record(i, 10 * MS);
        }
        assertThat(silent.from(Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void worstBySecondNamesEachSecondsWorstLatencyAndWhetherItWasMeasured() {
        KeptUp accepted = new KeptUp(2, 3);
        KeptUp relaySent = new KeptUp(2, 3);
        KeptUp statusEvent = new KeptUp(2, 3);
        for (int i = 0; i < 6; i++) {
            accepted.record(i, (i + 1) * MS);
            if (i == 3) {
                statusEvent.failed(i);
            } else if (i < 4) {
                relaySent.record(i, (i == 0 ? 200 : 30) * MS);
                statusEvent.record(i, (i == 0 ? 250 : 40) * MS);
            }
        }

        SequencedMap<String, KeptUp> measures = new LinkedHashMap<>();
        measures.put("accepted", accepted);
        measures.put("relay_sent", relaySent);
        measures.put("status_event", statusEvent);
        assertThat(KeptUp.worstBySecondCsv(measures, 1)).isEqualTo("""
                        second,measured,accepted_worst_ms,relay_sent_worst_ms,status_event_worst_ms
                        0,false,2,200,250
                        1,true,4,30,failed
                        2,true,6,,
                        """);
    }
}
