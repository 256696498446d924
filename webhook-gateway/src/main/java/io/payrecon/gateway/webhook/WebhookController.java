package io.payrecon.gateway.webhook;

import io.micrometer.core.instrument.Timer;
import io.payrecon.events.WebhookReceived;
import io.payrecon.gateway.GatewayProperties;
import io.payrecon.gateway.webhook.WebhookMetrics.Outcome;
import io.payrecon.platform.BoundedBody;
import io.payrecon.platform.problem.ProblemResponses;
import io.payrecon.platform.problem.ProblemType;
import io.payrecon.requestclient.WebhookHeaders;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/request-network}: the provider's webhooks. Answers 200 only after the delivery is on the
 * log; anything else makes the provider retry (1, 5 and 15 s later), which is what a 503 is for.
 */
@RestController
@Tag(name = "Webhooks", description = "For the payment provider: its signed webhooks")
public class WebhookController {

    static final String PATH = "/webhooks/request-network";

    private static final Logger log = LoggerFactory.getLogger(WebhookController.class);

    /** The request id in a log line written before the body was read. */
    private static final String UNREAD = "(unread)";

    private final SignatureVerifier verifier;
    private final WebhookArchive archive;
    private final WebhookMetrics metrics;
    private final DataSize maxBodySize;
    private final Duration bodyDeadline;

    WebhookController(
            SignatureVerifier verifier, WebhookArchive archive, WebhookMetrics metrics, GatewayProperties properties) {
        this.verifier = verifier;
        this.archive = archive;
        this.metrics = metrics;
        this.maxBodySize = properties.maxBodySize();
        this.bodyDeadline = properties.bodyDeadline();
    }

    /** The answer to an accepted delivery. */
    @Schema(description = "The delivery is on the log")
    record Accepted(
            @Schema(
                    description = "The delivery's id as archived: x-request-network-delivery; sha256:<hex of the "
                            + "body's SHA-256> without one; header-sha256:<hex> for one longer than 128 "
                            + "characters or of other characters than A-Z a-z 0-9 . _ : -",
                    example = "01JCXSGP1H3V4K8ZQ2M5N7R9TB")
            String deliveryId) {}

    @Operation(
            summary = "Receive a provider webhook",
            description = "Checks, in this order of cost: the content type, the declared length, that a signature is "
                    + "there, the body (read within gateway.max-body-size and gateway.body-deadline), the signature "
                    + "over the raw bytes; then appends the delivery to payments.webhooks.v1 (acks=all) and answers "
                    + "200 once the broker acknowledged it within gateway.ack-timeout. A signed body that is not JSON, "
                    + "or breaks the parser's limits, is still appended (without event and requestId).",
            security = @SecurityRequirement(name = ApiDescription.SIGNATURE),
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            description = "The provider's webhook, exactly as signed: application/json or "
                                    + "application/*+json, at most gateway.max-body-size (64 KB)",
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema =
                                                    @Schema(
                                                            type = "object",
                                                            description = "Any JSON; the gateway reads only the "
                                                                    + "top-level strings event and requestId (or "
                                                                    + "requestID)"))),
            parameters = {
                @Parameter(
                        in = ParameterIn.HEADER,
                        name = WebhookHeaders.DELIVERY,
                        description = "The provider's delivery id, the same on every retry (not signed)",
                        schema = @Schema(type = "string")),
                @Parameter(
                        in = ParameterIn.HEADER,
                        name = WebhookHeaders.RETRY_COUNT,
                        description = "0 on the first attempt, then 1, 2, 3 (not signed)",
                        schema = @Schema(type = "integer")),
                @Parameter(
                        in = ParameterIn.HEADER,
                        name = WebhookHeaders.TEST,
                        description = "true on a test delivery from the dashboard (not signed)",
                        schema = @Schema(type = "boolean"))
            })
    @ApiResponse(responseCode = "200", description = "On the log: the provider need not send it again")
    @ProblemResponses({
        ProblemType.BAD_SIGNATURE,
        ProblemType.REQUEST_TOO_SLOW,
        ProblemType.REQUEST_TOO_LARGE,
        ProblemType.UNSUPPORTED_CONTENT_TYPE,
        ProblemType.BROKER_UNAVAILABLE
    })
    @PostMapping(PATH)
    ResponseEntity<Accepted> receive(@Parameter(hidden = true) HttpServletRequest request) {
        Timer.Sample sample = metrics.start();
        try {
            WebhookReceived event = verified(request);
            RecordMetadata appended = append(event);
            metrics.record(sample, Outcome.ACCEPTED);
            log.info(
                    "Webhook {} for request {} ({}) appended to {}-{}@{}, retry {}{}, secret {}",
                    loggable(event.deliveryId()),
                    requestOf(event.requestId()),
                    loggable(event.event()),
                    appended.topic(),
                    appended.partition(),
                    appended.offset(),
                    event.retryCount(),
                    event.test() ? ", test delivery" : "",
                    event.secretId());
            return ResponseEntity.ok(new Accepted(event.deliveryId()));
        } catch (WebhookRejected rejected) {
            metrics.record(sample, rejected.outcome());
            throw rejected;
        }
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> rejected(WebhookRejected rejected) {
        return rejected.toResponse();
    }

    /**
     * Every log line names the delivery and the request. Before the body is read the request id is unknown, and the
     * delivery id is the header as sent ({@code -} when none): its derived id needs the body.
     */
    private WebhookReceived verified(HttpServletRequest request) {
        String deliveryHeader = loggable(request.getHeader(WebhookHeaders.DELIVERY));
        String contentType = request.getContentType();
        if (!isJson(contentType)) {
            log.warn(
                    "Webhook {} for request {} refused: content type {} is not JSON",
                    deliveryHeader,
                    UNREAD,
                    loggable(contentType));
            throw WebhookRejected.unsupportedType(contentType);
        }
        String signature = request.getHeader(WebhookHeaders.SIGNATURE);
        if (signature == null) {
            log.warn("Webhook {} for request {} refused: no signature", deliveryHeader, UNREAD);
            throw WebhookRejected.missingSignature();
        }
        byte[] body = body(request, deliveryHeader);
        WebhookDelivery delivery = new WebhookDelivery(
                WebhookDelivery.providerHeaders(Collections.list(request.getHeaderNames()), request::getHeader), body);
        String secretId = verifier.verify(body, signature).orElseThrow(() -> {
            log.warn(
                    "Webhook {} for request {} (unverified) refused: signature matches none of the {} configured"
                            + " secrets",
                    loggable(delivery.deliveryId()),
                    requestOf(WebhookDelivery.Fields.read(body).requestId()),
                    verifier.secretIds().size());
            return WebhookRejected.badSignature();
        });
        return delivery.received(secretId, Instant.now());
    }

    private byte[] body(HttpServletRequest request, String deliveryHeader) {
        try {
            return BoundedBody.read(
                    request.getInputStream(),
                    request.getContentLengthLong(),
                    (int) maxBodySize.toBytes(),
                    BoundedBody.deadline(bodyDeadline));
        } catch (BoundedBody.TooLarge e) {
            log.warn(
                    "Webhook {} for request {} refused: body larger than {} bytes",
                    deliveryHeader,
                    UNREAD,
                    maxBodySize.toBytes());
            throw WebhookRejected.tooLarge(maxBodySize);
        } catch (BoundedBody.TooSlow e) {
            log.warn(
                    "Webhook {} for request {} dropped: body not received within {} (a sender that trickles)",
                    deliveryHeader,
                    UNREAD,
                    bodyDeadline);
            throw WebhookRejected.tooSlow(bodyDeadline);
        } catch (IOException e) {
            // Tomcat's read timeout (server.tomcat.connection-timeout) or the client closed the connection. Tomcat
            // has already answered (408 after a timeout, else 400) and will close the connection; this counts it.
            log.warn(
                    "Webhook {} for request {} dropped: body incomplete, the client stopped sending or went away"
                            + " ({})",
                    deliveryHeader,
                    UNREAD,
                    rootCause(e));
            throw WebhookRejected.incompleteBody();
        }
    }

    private RecordMetadata append(WebhookReceived event) {
        try {
            return archive.append(event);
        } catch (WebhookArchive.Unavailable e) {
            log.warn(
                    "Webhook {} for request {} answered 503: {} ({})",
                    loggable(event.deliveryId()),
                    requestOf(event.requestId()),
                    e.getMessage(),
                    rootCause(e));
            throw WebhookRejected.brokerUnavailable(e.waited());
        }
    }

    private static String requestOf(String requestId) {
        return requestId == null ? "(none)" : loggable(requestId);
    }

    /** {@code application/json} or any {@code application/*+json}, with or without parameters. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.getType().equals("application")
                    && (type.getSubtype().equals("json") || "json".equals(type.getSubtypeSuffix()));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /** The innermost cause of a failure, in one line: the log gets why, without a stack trace. */
    static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message.replaceAll("[\\r\\n]+", " "));
    }

    /** A header value as it may appear in a log line: no line breaks or control characters, and short. */
    static String loggable(String value) {
        if (value == null) {
            return "-";
        }
        // Per accepted delivery, several times: a loop, not a regular expression compiled on each call.
        int length = Math.min(value.length(), 80);
        char[] printable = new char[length];
        boolean changed = length < value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            boolean plain = c >= 0x20 && c <= 0x7E;
            printable[i] = plain ? c : '?';
            changed |= !plain;
        }
        if (!changed) {
            return value;
        }
        String kept = new String(printable);
        return length < value.length() ? kept + "…" : kept;
    }
}
