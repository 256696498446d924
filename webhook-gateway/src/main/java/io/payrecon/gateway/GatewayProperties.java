package io.payrecon.gateway;

import jakarta.validation.constraints.NotEmpty;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway's settings, prefix {@code gateway}.
 *
 * <p>No constraint here names a secret's value: Boot prints the rejected value of a failed constraint at
 * startup, so secrets are only required to be present (blank entries are dropped before validation).
 *
 * @param webhookSecrets the webhook secrets the provider signs with ({@code WEBHOOK_SECRET}, comma-separated);
 *     more than one while a secret is being rotated
 * @param maxBodySize the largest body accepted; larger ones are refused with 413 without being read further
 * @param bodyDeadline how long the whole body may take to arrive after the headers (408 beyond it): a sender that
 *     trickles its body holds a connection for this long at most, plus one read timeout. With {@code ackTimeout} it
 *     must fit the provider's 5 s attempt timeout, so that a genuine delivery (whose body arrives at once) is answered
 *     before the provider gives up
 * @param ackTimeout how long a delivery waits for the broker's acknowledgement before it is answered with 503;
 *     below the provider's 5 s attempt timeout, so the provider sees our 503 and not its own timeout
 */
@Validated
@ConfigurationProperties("gateway")
public record GatewayProperties(
        @NotEmpty(
                message = "no webhook secret is configured: set WEBHOOK_SECRET (gateway.webhook-secrets) to"
                        + " the secret shown when the webhook was registered with Request Network;"
                        + " during a rotation list both, comma-separated")
        List<String> webhookSecrets,

        @DefaultValue("64KB") DataSize maxBodySize,
        @DefaultValue("2s") Duration bodyDeadline,
        @DefaultValue("2s") Duration ackTimeout) {

    /** The provider gives up on an attempt after 5 s; answering later than that is pointless. */
    static final Duration PROVIDER_ATTEMPT_TIMEOUT = Duration.ofSeconds(5);

    /**
     * The event carries the body base64-encoded (4/3 of its size) in one Kafka record, and a record over the
     * producer's {@code max.request.size} (1 MB by default, like the broker's {@code message.max.bytes}) is refused
     * every time: a larger body would be answered 503 on every retry and then lost.
     */
    static final DataSize LARGEST_BODY_SIZE = DataSize.ofKilobytes(512);

    public GatewayProperties {
        webhookSecrets = webhookSecrets == null
                ? List.of()
                : webhookSecrets.stream()
                        .map(String::strip)
                        .filter(secret -> !secret.isEmpty())
                        .distinct()
                        .toList();
        if (maxBodySize.toBytes() < 1 || maxBodySize.compareTo(LARGEST_BODY_SIZE) > 0) {
            throw new IllegalArgumentException(
                    "gateway.max-body-size must be between 1B and " + LARGEST_BODY_SIZE + ", was " + maxBodySize);
        }
        if (bodyDeadline.isNegative()
                || bodyDeadline.toMillis() < 1
                || bodyDeadline.plus(ackTimeout).compareTo(PROVIDER_ATTEMPT_TIMEOUT) > 0) {
            throw new IllegalArgumentException(
                    "gateway.body-deadline must be at least 1ms, and with gateway.ack-timeout"
                            + " within the provider's attempt timeout of " + PROVIDER_ATTEMPT_TIMEOUT.toSeconds()
                            + "s, was "
                            + bodyDeadline + " + " + ackTimeout);
        }
        if (ackTimeout.isNegative()
                || ackTimeout.toMillis() < 1
                || ackTimeout.compareTo(PROVIDER_ATTEMPT_TIMEOUT) >= 0) {
            throw new IllegalArgumentException("gateway.ack-timeout must be at least 1ms and below the provider's"
                    + " attempt timeout of " + PROVIDER_ATTEMPT_TIMEOUT.toSeconds() + "s, was " + ackTimeout);
        }
    }

    /** Never prints a secret, only how many there are. */
    @Override
    public String toString() {
        return "GatewayProperties[webhookSecrets=<%d configured>, maxBodySize=%s, bodyDeadline=%s, ackTimeout=%s]"
                .formatted(webhookSecrets.size(), maxBodySize, bodyDeadline, ackTimeout);
    }
}
