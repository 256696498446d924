package io.payrecon.requestclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeliveryIdsTest {

    private static final byte[] BODY = "{\"event\":\"payment.confirmed\"}".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @ValueSource(strings = {"01JQ3K5B5Y2ZJ6W3V0M1Q8D9XE", "evt_123", "a.b:c-d_e", "sha256:abc"})
    void providerDeliveryIdsAreKeptAsSent(String header) {
        assertThat(DeliveryIds.of(header, BODY)).isEqualTo(header);
        assertThat(DeliveryIds.of("  " + header + " ", BODY)).isEqualTo(header);
    }

    @Test
    void aDeliveryWithoutAnIdIsNamedByItsBodySoRetriesOfTheSameBytesMatch() {
        assertThat(DeliveryIds.of(null, BODY))
                .isEqualTo(DeliveryIds.of(" ", BODY))
                .startsWith(DeliveryIds.FROM_BODY)
                .hasSize(DeliveryIds.FROM_BODY.length() + 64);
    }

    @ParameterizedTest
    @ValueSource(strings = {"id with spaces", "id\u0000nul", "ünïcode", "semi;colon", "a'quote"})
    void anIdWithOtherCharactersIsReplacedByItsHash(String header) {
        String id = DeliveryIds.of(header, BODY);
        assertThat(id).startsWith(DeliveryIds.FROM_HEADER).matches("[a-z0-9:-]+");
        assertThat(DeliveryIds.of(header, BODY))
                .as("the same header, the same id")
                .isEqualTo(id);
        assertThat(DeliveryIds.isSafe(id)).isTrue();
    }

    @Test
    void aFourThousandCharacterIdBecomesAShortOneThatStillTellsDeliveriesApart() {
        String huge = "x".repeat(4000);
        String other = "x".repeat(3999) + "y";
        assertThat(DeliveryIds.of(huge, BODY)).hasSizeLessThanOrEqualTo(DeliveryIds.MAX_LENGTH);
        assertThat(DeliveryIds.of(huge, BODY)).isNotEqualTo(DeliveryIds.of(other, BODY));
        assertThat(DeliveryIds.of("x".repeat(DeliveryIds.MAX_LENGTH), BODY))
                .isEqualTo("x".repeat(DeliveryIds.MAX_LENGTH));
        assertThat(DeliveryIds.of("x".repeat(DeliveryIds.MAX_LENGTH + 1), BODY)).startsWith(DeliveryIds.FROM_HEADER);
    }

    @Test
    void makingAnIdSafeTwiceChangesNothing() {
        String derived = DeliveryIds.safe("not safe!");
        assertThat(DeliveryIds.safe(derived)).isEqualTo(derived);
    }
}
