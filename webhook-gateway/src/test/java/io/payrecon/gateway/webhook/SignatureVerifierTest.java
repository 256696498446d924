package io.payrecon.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.requestclient.WebhookFixtures;
import io.payrecon.requestclient.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignatureVerifierTest {

    /** The provider's documented test vector (request-network-api.md §4). */
    static final String VECTOR_SECRET = "f3c189a4b5e6d7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2";

    static final String VECTOR_SIGNATURE = "4b67a039a986b0061ed847713ed19d9007afb432295c02003e3bee0a74bf8367";

    private final byte[] body = "{\"event\":\"payment.confirmed\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void documentedTestVectorVerifiesOverTheRawBytes() {
        byte[] vectorBody = WebhookFixtures.body(WebhookFixtures.TEST_VECTOR);
        SignatureVerifier verifier = new SignatureVerifier(List.of(VECTOR_SECRET));

        assertThat(vectorBody).hasSize(628);
        assertThat(verifier.verify(vectorBody, VECTOR_SIGNATURE)).contains(WebhookSignature.secretId(VECTOR_SECRET));
        byte[] withNewline = (new String(vectorBody, StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
        assertThat(verifier.verify(withNewline, VECTOR_SIGNATURE)).isEmpty();
    }

    @Test
    void eachOfTheRotatedSecretsVerifiesAndIsNamedByItsId() {
        SignatureVerifier verifier = new SignatureVerifier(List.of("old-secret", "new-secret"));

        assertThat(verifier.verify(body, WebhookSignature.sign("old-secret", body)))
                .contains(WebhookSignature.secretId("old-secret"));
        assertThat(verifier.verify(body, WebhookSignature.sign("new-secret", body)))
                .contains(WebhookSignature.secretId("new-secret"));
    }

    @Test
    void signatureOfAnUnknownSecretOrAnotherBodyIsRejected() {
        SignatureVerifier verifier = new SignatureVerifier(List.of("old-secret", "new-secret"));

        assertThat(verifier.verify(body, WebhookSignature.sign("retired-secret", body)))
                .isEmpty();
        assertThat(verifier.verify(body, WebhookSignature.sign("new-secret", "{}".getBytes(StandardCharsets.UTF_8))))
                .isEmpty();
    }

    @Test
    void missingOrMalformedSignatureIsRejected() {
        SignatureVerifier verifier = new SignatureVerifier(List.of("secret"));
        String valid = WebhookSignature.sign("secret", body);

        assertThat(verifier.verify(body, null)).isEmpty();
        assertThat(verifier.verify(body, "")).isEmpty();
        assertThat(verifier.verify(body, "sha256=" + valid)).isEmpty();
        assertThat(verifier.verify(body, valid.substring(0, 63))).isEmpty();
    }

    @Test
    void secretIdsNameTheConfiguredSecretsInOrder() {
        assertThat(new SignatureVerifier(List.of(VECTOR_SECRET, "another")).secretIds())
                .containsExactly(WebhookSignature.secretId(VECTOR_SECRET), WebhookSignature.secretId("another"));
    }
}
