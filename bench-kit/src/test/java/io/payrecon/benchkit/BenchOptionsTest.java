package io.payrecon.benchkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    private static final Set<String> KNOWN = Set.of("rate", "duration", "rates");

    @Test
    void givenOptionsWinOverDefaults() {
        BenchOptions options = BenchOptions.parse(List.of("--rate", "500", "--duration", "250ms"), KNOWN);

        assertThat(options.integer("rate", 200)).isEqualTo(500);
        assertThat(options.duration("duration", Duration.ofSeconds(60))).isEqualTo(Duration.ofMillis(250));
        assertThat(options.integers("rates", List.of(1000))).containsExactly(1000);
    }

    @Test
    void anUnknownOptionOrAMissingValueIsRefusedByName() {
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--speed", "1"), KNOWN))
                .hasMessage("Unknown option --speed");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--rate"), KNOWN)).hasMessage("--rate needs a value");
        assertThatThrownBy(() ->
                        BenchOptions.parse(List.of("--rate", "fast"), KNOWN).integer("rate", 200))
                .hasMessage("--rate needs a whole number, got 'fast'");
    }

    @Test
    void anOptionNotOnTheCommandLineIsReadFromItsSystemProperty() {
        System.setProperty("benchkit-test.rate", "700");
        System.setProperty("benchkit-test.duration", "5m");
        try {
            BenchOptions options = BenchOptions.parse(List.of("--duration", "10s"), KNOWN, "benchkit-test.");

            assertThat(options.integer("rate", 200)).isEqualTo(700);
            assertThat(options.duration("duration", Duration.ZERO)).isEqualTo(Duration.ofSeconds(10));
            assertThat(options.has("rates")).isFalse();
        } finally {
            System.clearProperty("benchkit-test.rate");
            System.clearProperty("benchkit-test.duration");
        }
    }

    @Test
    void helpPrintsTheUsageAndABadOptionAlsoExitsWithTwo() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

        int help = BenchOptions.parseThenRun(
                List.of("--help"), out, "usage\n", args -> BenchOptions.parse(args, KNOWN), options -> 0);
        int bad = BenchOptions.parseThenRun(
                List.of("--speed", "1"), out, "usage\n", args -> BenchOptions.parse(args, KNOWN), options -> 0);

        assertThat(help).isZero();
        assertThat(bad).isEqualTo(2);
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("usage\nUnknown option --speed\nusage\n");
    }
}
