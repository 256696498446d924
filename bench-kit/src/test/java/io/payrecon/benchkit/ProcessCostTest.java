package io.payrecon.benchkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class ProcessCostTest {

    @Test
    void ticksAreReadAfterACommandNameHoldingSpacesAndParentheses() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
        String stat = "42 (a (b) c) S 1 42 42 0 -1 4194560 10 0 0 0 700 300 50 25 20 0 1 0";

        assertThat(ProcessCost.ticks(stat, false)).isEqualTo(1000);
        assertThat(ProcessCost.ticks(stat, true)).isEqualTo(1075);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aChildThatExitedStillCountsInItsParentsTreeButNotInTheParentAlone() throws Exception {
        // The shell runs awk (a child that burns CPU and is waited for), then becomes a sleep with the same pid.
        Process shell = new ProcessBuilder(
                        "sh", "-c", "awk 'BEGIN { for (i = 0; i < 20000000; i++) s += i }'; echo burnt; exec sleep 60")
                .start();
        try (BufferedReader output =
                new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(output.readLine()).isEqualTo("burnt");

            ProcessCost tree = ProcessCost.ofTree(shell.pid()).orElseThrow();
            ProcessCost alone = ProcessCost.ofProcess(shell.pid()).orElseThrow();

            assertThat(tree.cpuSeconds()).isGreaterThanOrEqualTo(0.2);
            assertThat(alone.cpuSeconds()).isLessThan(tree.cpuSeconds() / 4);
        } finally {
            shell.destroy();
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aProcessThatIsGoneHasNoCost() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor();

        assertThat(ProcessCost.ofTree(done.pid())).isEmpty();
    }

    @Test
    void writtenBytesUnknownOnEitherSideMakeTheDifferenceUnknown() {
        ProcessCost later = new ProcessCost(3_000, -1);
        ProcessCost earlier = new ProcessCost(1_000, 100);

        assertThat(later.minus(earlier)).isEqualTo(new ProcessCost(2_000, -1));
        assertThat(new ProcessCost(5, 10).minus(earlier.plus(earlier))).isEqualTo(new ProcessCost(-1_995, -190));
    }
}
