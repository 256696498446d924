package io.payrecon.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.requestclient.WebhookFixtures;
import io.payrecon.requestclient.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Signature verification over generated bodies and secrets: each property runs 10,000 cases from a seeded
 * generator, and a failure names the seed and the case so it can be replayed exactly ({@code -Dsignature.seed=…}).
 * A false accept is any {@code verify} that names a secret for bytes that secret did not sign; every property
 * below fails on the first one.
 */
class SignatureVerifierPropertiesTest {

    static final int CASES = 10_000;

    private static final long SEED = Long.getLong("signature.seed", System.nanoTime());
    private static final HexFormat HEX = HexFormat.of();
    private static final List<byte[]> FIXTURES =
            WebhookFixtures.names().stream().map(WebhookFixtures::body).toList();

    @Test
    void signatureByAnyConfiguredSecretIsAcceptedInEitherCaseAndNamesThatSecret() {
        forEachCase(random -> {
            byte[] body = body(random);
            String signedWith = secret(random);
            SignatureVerifier verifier = new SignatureVerifier(List.of(secret(random), signedWith));
            String signature = WebhookSignature.sign(signedWith, body);
            String sent = random.nextBoolean() ? signature.toUpperCase(Locale.ROOT) : signature;

            assertThat(verifier.verify(body, sent)).contains(WebhookSignature.secretId(signedWith));
        });
    }

    @Test
    void anySingleBitFlipInTheBodyIsRejected() {
        forEachCase(random -> {
            byte[] body = nonEmptyBody(random);
            String secret = secret(random);
            String signature = WebhookSignature.sign(secret, body);
            int bit = random.nextInt(body.length * 8);
            body[bit / 8] ^= (byte) (1 << (bit % 8));

            assertThat(new SignatureVerifier(List.of(secret)).verify(body, signature))
                    .isEmpty();
        });
    }

    @Test
    void anySingleBitFlipInTheSignatureValueIsRejected() {
        forEachCase(random -> {
            byte[] body = body(random);
            String secret = secret(random);
            byte[] digest = HEX.parseHex(WebhookSignature.sign(secret, body));
            int bit = random.nextInt(256);
            digest[bit / 8] ^= (byte) (1 << (bit % 8));
            String tampered = HEX.formatHex(digest);
            String sent = random.nextBoolean() ? tampered.toUpperCase(Locale.ROOT) : tampered;

            assertThat(new SignatureVerifier(List.of(secret)).verify(body, sent))
                    .isEmpty();
        });
    }

    /**
     * Flipping a bit of the header's characters gives a non-hex character, another digest, or (bit 0x20 of a letter)
     * the same digest in the other case, which the provider's format allows: only that last one may pass.
     */
    @Test
    void anySingleBitFlipInTheSignatureHeaderIsRejectedUnlessItOnlyChangesTheCaseOfAHexLetter() {
        forEachCase(random -> {
            byte[] body = body(random);
            String secret = secret(random);
            String signature = WebhookSignature.sign(secret, body);
            byte[] header = signature.getBytes(StandardCharsets.ISO_8859_1);
            int bit = random.nextInt(64 * 8);
            header[bit / 8] ^= (byte) (1 << (bit % 8));
            String tampered = new String(header, StandardCharsets.ISO_8859_1);

            SignatureVerifier verifier = new SignatureVerifier(List.of(secret));
            if (tampered.equalsIgnoreCase(signature)) {
                assertThat(verifier.verify(body, tampered)).contains(WebhookSignature.secretId(secret));
            } else {
                assertThat(verifier.verify(body, tampered)).isEmpty();
            }
        });
    }

    @Test
    void signatureByAnUnconfiguredSecretOrAnyOtherValueIsNeverAccepted() {
        forEachCase(random -> {
            byte[] body = body(random);
            String configured = secret(random);
            String other = secret(random);
            SignatureVerifier verifier = new SignatureVerifier(List.of(configured));
            if (!Arrays.equals(utf8(configured), utf8(other))) {
                assertThat(verifier.verify(body, WebhookSignature.sign(other, body)))
                        .isEmpty();
            }
            String randomSignature = randomSignature(random);
            if (!randomSignature.equalsIgnoreCase(WebhookSignature.sign(configured, body))) {
                assertThat(verifier.verify(body, randomSignature)).isEmpty();
            }
        });
    }

    @Test
    void providersTestVectorIsAccepted() {
        byte[] vector = WebhookFixtures.body(WebhookFixtures.TEST_VECTOR);

        assertThat(new SignatureVerifier(List.of(SignatureVerifierTest.VECTOR_SECRET))
                        .verify(vector, SignatureVerifierTest.VECTOR_SIGNATURE))
                .contains(WebhookSignature.secretId(SignatureVerifierTest.VECTOR_SECRET));
        assertThat(WebhookSignature.sign(SignatureVerifierTest.VECTOR_SECRET, vector))
                .isEqualTo(SignatureVerifierTest.VECTOR_SIGNATURE);
    }

    /** Runs a property for {@link #CASES} generated cases; a failure says which case of which seed. */
    private static void forEachCase(Consumer<SplittableRandom> property) {
        SplittableRandom seeded = new SplittableRandom(SEED);
        for (int index = 0; index < CASES; index++) {
            SplittableRandom random = seeded.split();
            try {
                property.accept(random);
            } catch (AssertionError failure) {
                throw new AssertionError(
                        "Case %d of seed %d (rerun with -Dsignature.seed=%d)".formatted(index, SEED, SEED), failure);
            }
        }
    }

    /** Random bytes up to 2 KiB (empty included), or one of the provider's documented bodies. */
    private static byte[] body(SplittableRandom random) {
        if (random.nextInt(10) < 2) {
            return FIXTURES.get(random.nextInt(FIXTURES.size())).clone();
        }
        byte[] body = new byte[random.nextInt(2049)];
        random.nextBytes(body);
        return body;
    }

    private static byte[] nonEmptyBody(SplittableRandom random) {
        byte[] body = body(random);
        return body.length > 0 ? body : new byte[] {(byte) random.nextInt(256)};
    }

    /** Secrets like the provider's (64 hex characters), printable ASCII, and any text that survives UTF-8. */
    private static String secret(SplittableRandom random) {
        return switch (random.nextInt(3)) {
            case 0 -> text(random, 64, 64, "0123456789abcdef");
            case 1 -> text(random, 1, 100, printableAscii());
            default -> {
                StringBuilder text = new StringBuilder();
                int length = 1 + random.nextInt(40);
                while (text.codePointCount(0, text.length()) < length) {
                    int codePoint = random.nextInt(Character.MAX_CODE_POINT + 1);
                    if (codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE) {
                        text.appendCodePoint(codePoint);
                    }
                }
                yield text.toString();
            }
        };
    }

    /** Any string of up to 70 characters, mostly hex, so that most get past the format check to the comparison. */
    private static String randomSignature(SplittableRandom random) {
        return switch (random.nextInt(3)) {
            case 0 -> text(random, 64, 64, "0123456789abcdefABCDEF");
            case 1 -> text(random, 62, 66, "0123456789abcdef");
            default -> text(random, 0, 70, printableAscii());
        };
    }

    private static String text(SplittableRandom random, int minLength, int maxLength, String alphabet) {
        int length = minLength + random.nextInt(maxLength - minLength + 1);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static String printableAscii() {
        StringBuilder characters = new StringBuilder();
        for (char c = '!'; c <= '~'; c++) {
            characters.append(c);
        }
        return characters.toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
