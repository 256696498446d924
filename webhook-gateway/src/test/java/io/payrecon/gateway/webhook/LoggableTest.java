package io.payrecon.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What of a header value reaches a log line ({@link WebhookController#loggable}). */
class LoggableTest {

    @Test
    void aPrintableIdIsLoggedAsSent() {
        assertThat(WebhookController.loggable("01JCXSGP1H3V4K8ZQ2M5N7R9TB")).isEqualTo("01JCXSGP1H3V4K8ZQ2M5N7R9TB");
    }

    @Test
    void aMissingValueIsADash() {
        assertThat(WebhookController.loggable(null)).isEqualTo("-");
    }

    @Test
    void lineBreaksAndControlCharactersCannotForgeALogLine() {
        assertThat(WebhookController.loggable("abc\r\n2026-12-05 INFO forged\tü"))
                .isEqualTo("abc??2026-12-05 INFO forged??");
    }

    @Test
    void aLongValueIsCutTo80Characters() {
        String cut = WebhookController.loggable("x".repeat(79) + "\n" + "y".repeat(200));

        assertThat(cut).isEqualTo("x".repeat(79) + "?…");
        assertThat(WebhookController.loggable("z".repeat(80))).isEqualTo("z".repeat(80));
    }
}
