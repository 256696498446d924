package io.payrecon.requestclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The fixtures every module tests with are the provider's documented bodies, byte for byte. */
class WebhookFixturesTest {

    /** The team's shared copy, beside the repository; a clone on its own does not have it. */
    private static final Path SHARED = Path.of("../../shared/fixtures/request-network/webhooks");

    @Test
    void fixturesAreTheSharedProviderBodiesByteForByte() throws IOException {
        assumeThat(SHARED).as("shared fixtures beside the repository").isDirectory();
        try (Stream<Path> files = Files.list(SHARED)) {
            List<Path> shared = files.filter(
                            file -> file.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();

            assertThat(WebhookFixtures.names())
                    .as(
                            "fixtures on the classpath and in %s",
                            SHARED.toAbsolutePath().normalize())
                    .containsExactlyElementsOf(shared.stream()
                            .map(file -> file.getFileName().toString())
                            .toList());
            for (Path file : shared) {
                assertThat(WebhookFixtures.body(file.getFileName().toString()))
                        .as("%s copied byte for byte", file.getFileName())
                        .isEqualTo(Files.readAllBytes(file));
            }
        }
    }

    @Test
    void everyEventTypeOfThePaymentsLifeIsAFixtureWithoutATrailingNewline() {
        assertThat(WebhookFixtures.names())
                .contains(
                        "payment.confirmed.json",
                        "payment.confirmed.client_id.json",
                        "payment.confirmed.checkout.json",
                        "payment.partial.json",
                        "payment.failed.json",
                        "payment.refunded.json",
                        WebhookFixtures.TEST_VECTOR);
        for (String name : WebhookFixtures.names()) {
            String body = new String(WebhookFixtures.body(name), StandardCharsets.UTF_8);
            assertThat(body).as(name).startsWith("{").endsWith("}");
        }
    }

    @Test
    void eachCallerGetsItsOwnCopyOfTheBytes() {
        byte[] first = WebhookFixtures.body(WebhookFixtures.TEST_VECTOR);
        first[0] = 'x';

        assertThat(WebhookFixtures.body(WebhookFixtures.TEST_VECTOR)[0]).isEqualTo((byte) '{');
    }
}
