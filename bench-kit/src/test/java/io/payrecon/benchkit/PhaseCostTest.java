package io.payrecon.benchkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhaseCostTest {

    private static final long SECOND = 1_000_000_000L;

    private final CostMeter meter = new CostMeter()
            .process("gateway", List::of)
            .process("database", List::of)
            .driver("load");

    @Test
    void cpuAndBytesAreDividedByTheEventsOfThePhase() {
        CostMeter.Reading start = reading(
                0,
                Map.of("gateway", Map.of(10L, cost(1, 0)), "database", Map.of(20L, cost(5, 1_000))),
                Map.of("WAL", 1_000L));
        CostMeter.Reading end = reading(
                10,
                Map.of("gateway", Map.of(10L, cost(3, 0)), "database", Map.of(20L, cost(11, 9_000))),
                Map.of("WAL", 5_000L));

        PhaseCost phase = meter.between("1000/s", "webhook", 1_000, start, end);

        assertThat(phase.seconds()).isEqualTo(10.0);
        assertThat(phase.cpuMicros("gateway")).isEqualTo(2_000.0);
        assertThat(phase.cpuMicros("database")).isEqualTo(6_000.0);
        assertThat(phase.pipelineCpuMicros()).isEqualTo(8_000.0);
        assertThat(phase.bytesPerEvent("WAL counter")).isEqualTo(4.0);
        assertThat(phase.markdown())
                .contains("| gateway | 2.0 s | 0.20 | 2,000 | 25 % | 0 B |")
                .contains("| database | 6.0 s | 0.60 | 6,000 | 75 % | 8 B |")
                .contains("- WAL counter: **4 B per webhook**");
    }

    @Test
    void theDriverIsShownButLeftOutOfThePipelinesTotal() {
        CostMeter.Reading start =
                reading(0, Map.of("gateway", Map.of(10L, cost(1, 0)), "load", Map.of(1L, cost(0, 0))));
        CostMeter.Reading end = reading(1, Map.of("gateway", Map.of(10L, cost(2, 0)), "load", Map.of(1L, cost(7, 0))));

        PhaseCost phase = meter.between("phase", "webhook", 100, start, end);

        assertThat(phase.cpuMicros("load")).isEqualTo(70_000.0);
        assertThat(phase.pipelineCpuMicros()).isEqualTo(10_000.0);
        assertThat(phase.markdown()).contains("| load (not in the pipeline's figure) | 7.0 s |");
    }

    @Test
    void aProcessStartedDuringThePhaseCountsWholeAndOneThatStoppedIsNoted() {
        CostMeter.Reading start = reading(0, Map.of("gateway", Map.of(10L, cost(4, 0)), "database", Map.of()));
        CostMeter.Reading end = reading(1, Map.of("gateway", Map.of(), "database", Map.of(30L, cost(2, 0))));

        PhaseCost phase = meter.between("restart", "webhook", 1_000, start, end);

        assertThat(phase.cpuMicros("database")).isEqualTo(2_000.0);
        assertThat(phase.notes())
                .containsExactly(
                        "gateway stopped during the phase: its cost from the phase's start until then is missing");
    }

    @Test
    void theSummaryHasARowPerPhaseWithEventsAndAColumnPerProcessAndCounter() {
        CostMeter.Reading start = reading(0, Map.of("gateway", Map.of(10L, cost(0, 0))), Map.of("WAL", 0L));
        CostMeter.Reading end = reading(1, Map.of("gateway", Map.of(10L, cost(1, 0))), Map.of("WAL", 2_500_000L));
        PhaseCost busy = meter.between("500/s", "webhook", 500, start, end);
        PhaseCost idle = meter.between("start", "webhook", 0, start, end);

        String summary = PhaseCost.summary(List.of(busy, idle));

        assertThat(summary)
                .startsWith("| phase | events | gateway µs | **pipeline µs** | WAL counter |")
                .contains("| 500/s | 500 webhooks | 2,000 | **2,000** | 5.00 kB |")
                .doesNotContain("| start |");
        assertThat(PhaseCost.csv(List.of(busy)))
                .contains("\"500/s\",webhook,500,1.000,\"gateway\",cpu_us,1000000,2000.00")
                .contains("\"500/s\",webhook,500,1.000,\"WAL counter: WAL\",bytes,2500000,5000.0");
    }

    @Test
    void bytesKeepThreeFiguresInPowersOfAThousand() {
        assertThat(PhaseCost.bytes(512)).isEqualTo("512 B");
        assertThat(PhaseCost.bytes(4_210)).isEqualTo("4.21 kB");
        assertThat(PhaseCost.bytes(12_345_678)).isEqualTo("12.3 MB");
        assertThat(PhaseCost.micros(12.34)).isEqualTo("12.3");
        assertThat(PhaseCost.micros(1_234.5)).isEqualTo("1,235");
    }

    private static ProcessCost cost(long cpuSeconds, long writeBytes) {
        return new ProcessCost(cpuSeconds * SECOND, writeBytes);
    }

    private static CostMeter.Reading reading(long second, Map<String, Map<Long, ProcessCost>> processes) {
        return reading(second, processes, Map.of());
    }

    private static CostMeter.Reading reading(
            long second, Map<String, Map<Long, ProcessCost>> processes, Map<String, Long> wal) {
        return new CostMeter.Reading(
                second * SECOND, 1.0, processes, wal.isEmpty() ? Map.of() : Map.of("WAL counter", wal));
    }
}
