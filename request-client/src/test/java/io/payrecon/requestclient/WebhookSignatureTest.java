package io.payrecon.requestclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookSignatureTest {

    /** The provider's test vector (request-network-api.md §4). */
    private static final String SECRET = "f3c189a4b5e6d7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2";

    private static final String EXPECTED = "4b67a039a986b0061ed847713ed19d9007afb432295c02003e3bee0a74bf8367";

    private static final byte[] BODY = WebhookFixtures.body(WebhookFixtures.TEST_VECTOR);

    @Test
    void theTestVectorBodyIsTheProvidersExactBytes() {
        assertThat(BODY).hasSize(628);
        assertThat(BODY[BODY.length - 1]).isEqualTo((byte) '}');
    }

    @Test
    void signsTheProvidersTestVector() {
        assertThat(WebhookSignature.sign(SECRET, BODY)).isEqualTo(EXPECTED);
    }

    @Test
    void verifiesTheProvidersTestVector() {
        assertThat(WebhookSignature.verify(SECRET, BODY, EXPECTED)).isTrue();
    }

    @Test
    void acceptsUppercaseHex() {
        assertThat(WebhookSignature.verify(SECRET, BODY, EXPECTED.toUpperCase(Locale.ROOT)))
                .isTrue();
    }

    @Test
    void theSecretIsUsedAsUtf8TextNotDecodedFromHex() {
        assertThat(WebhookSignature.sign("secret-ü", BODY)).isNotEqualTo(WebhookSignature.sign("secret-u", BODY));
        assertThat(WebhookSignature.verify(SECRET.toUpperCase(Locale.ROOT), BODY, EXPECTED))
                .isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                // one character short, one too many
                "4b67a039a986b0061ed847713ed19d9007afb432295c02003e3bee0a74bf836",
                "4b67a039a986b0061ed847713ed19d9007afb432295c02003e3bee0a74bf83670",
                // not hex
                "4b67a039a986b0061ed847713ed19d9007afb432295c02003e3bee0a74bf836g",
                "sha256=4b67a039a986b0061ed847713ed19d9007afb432295c02003e3bee0a74",
                " 4b67a039a986b0061ed847713ed19d9007afb432295c02003e3bee0a74bf836",
                // a base64 digest of the right length is still not hex
                "S2egOamGsAYe2EdxPtGdkAevtDIpXAIAPj7uCnS/g2c=AAAAAAAAAAAAAAAAAAAA",
                // the digest of another body
                "0000000000000000000000000000000000000000000000000000000000000000"
            })
    void rejectsASignatureThatIsNotTheDigestIn64HexCharacters(String signature) {
        assertThat(WebhookSignature.verify(SECRET, BODY, signature)).isFalse();
    }

    @Test
    void rejectsABodyWithOneFlippedBit() {
        byte[] tampered = BODY.clone();
        tampered[100] ^= 0x01;

        assertThat(WebhookSignature.verify(SECRET, tampered, EXPECTED)).isFalse();
    }

    @Test
    void rejectsASignatureWithOneFlippedBit() {
        char first = EXPECTED.charAt(0); // '4' -> '5' flips the lowest bit of the first byte
        String flipped = (char) (first + 1) + EXPECTED.substring(1);

        assertThat(WebhookSignature.verify(SECRET, BODY, flipped)).isFalse();
    }

    @Test
    void rejectsAnotherSecret() {
        assertThat(WebhookSignature.verify(SECRET.replace('f', 'e'), BODY, EXPECTED))
                .isFalse();
    }

    @Test
    void signsTheRawBytesNotTheParsedJson() {
        byte[] reformatted = new String(BODY, StandardCharsets.UTF_8)
                .replace("\",\"", "\", \"")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(WebhookSignature.verify(SECRET, reformatted, EXPECTED)).isFalse();
    }

    @Test
    void refusesToSignWithoutASecret() {
        assertThatThrownBy(() -> WebhookSignature.sign("", BODY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSecretIsNamedByEightHexCharactersOfItsHashThatDoNotRevealIt() {
        String id = WebhookSignature.secretId(SECRET);

        assertThat(id).isEqualTo("c9244b34").isNotEqualTo(SECRET.substring(0, 8));
        assertThat(WebhookSignature.secretId("another")).matches("[0-9a-f]{8}").isNotEqualTo(id);
    }

    @Test
    void aKeySignsAndVerifiesLikeTheSecretItself() {
        WebhookSignature.Key key = WebhookSignature.key(SECRET);

        assertThat(key.sign(BODY)).isEqualTo(EXPECTED);
        assertThat(key.verify(BODY, EXPECTED)).isTrue();
        assertThat(key.verify(BODY, EXPECTED.toUpperCase(Locale.ROOT))).isTrue();
        byte[] tampered = BODY.clone();
        tampered[100] ^= 0x01;
        assertThat(key.verify(tampered, EXPECTED)).isFalse();
        assertThat(key.verify(BODY, null)).isFalse();
        assertThat(key.verify(BODY, "sha256=" + EXPECTED.substring(7))).isFalse();
    }

    @Test
    void aKeyUsedManyTimesGivesEachBodyItsOwnDigest() {
        WebhookSignature.Key key = WebhookSignature.key("rotating-secret");
        byte[] other = "{\"event\":\"payment.confirmed\"}".getBytes(StandardCharsets.UTF_8);

        String first = key.sign(BODY);
        String second = key.sign(other);

        assertThat(key.sign(BODY)).isEqualTo(first).isEqualTo(WebhookSignature.sign("rotating-secret", BODY));
        assertThat(second).isEqualTo(WebhookSignature.sign("rotating-secret", other));
        assertThat(key.toString()).doesNotContain("rotating-secret");
    }
}
