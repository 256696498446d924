package io.payrecon.sandbox.fault;

import io.payrecon.platform.problem.ProblemResponses;
import io.payrecon.platform.problem.ProblemType;
import io.payrecon.sandbox.SandboxProblem;
import io.payrecon.sandbox.webhook.DeliveryFaults;
import io.payrecon.sandbox.webhook.WebhookSender;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /sandbox/faults}: makes the provider misbehave on purpose. {@code POST} sets the sections it names
 * ({@code api}, {@code delivery}) and leaves the other as it is; {@code DELETE} resets both (and releases deliveries
 * held by the reorder fault); {@code GET} shows what is in force. The body is read by hand so that every mistake gets
 * a precise message.
 */
@RestController
@Tag(name = "Faults", description = "Controls: make the provider misbehave on purpose")
class FaultController {

    private static final Duration DEFAULT_TIMEOUT_DELAY = Duration.ofSeconds(6);

    private final ApiFaults api;
    private final WebhookSender delivery;

    FaultController(ApiFaults api, WebhookSender delivery) {
        this.api = api;
        this.delivery = delivery;
    }

    /** What is in force. */
    record Faults(Api api, Delivery delivery) {

        /** @param callsLeft null: until reset */
        record Api(String fault, Integer status, String delay, Integer callsLeft, int percent) {}

        /** @param drop how many of the next deliveries are dropped, or {@code all} */
        record Delivery(String duplicate, int reorder, int held, String delay, Object drop) {}
    }

    @Operation(summary = "Show the faults in force", description = "With what is left of each.")
    @GetMapping("/sandbox/faults")
    Faults faults() {
        Faults.Api apiNow = api.current()
                .map(fault -> new Faults.Api(
                        name(fault.kind()),
                        fault.kind() == ApiFaults.Kind.ERROR ? fault.status() : null,
                        fault.kind() == ApiFaults.Kind.TIMEOUT ? fault.delay().toString() : null,
                        fault.calls(),
                        fault.percent()))
                .orElse(null);
        DeliveryFaults now = delivery.faults();
        return new Faults(
                apiNow,
                new Faults.Delivery(
                        now.duplicate().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                        now.reorder(),
                        delivery.held(),
                        now.delay().toString(),
                        now.dropAll() ? "all" : now.drop()));
    }

    @Operation(
            summary = "Set faults",
            description = "Sets the sections named (api: error, rate-limit or timeout for some calls; delivery: "
                    + "duplicate, reorder, delay, drop) and leaves the other as it is.")
    @ApiResponse(
            responseCode = "200",
            description = "The faults now in force",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Faults.class)))
    @ProblemResponses(ProblemType.INVALID_REQUEST)
    @PostMapping("/sandbox/faults")
    Faults configure(@RequestBody JsonNode body) {
        if (body == null || !body.isObject() || (!body.has("api") && !body.has("delivery"))) {
            throw problem("Send {\"api\": {…}} and/or {\"delivery\": {…}}: see the request-sandbox README");
        }
        ApiFaults.Fault apiFault = body.has("api") ? apiFault(body.get("api")) : null;
        DeliveryFaults deliveryFaults = body.has("delivery") ? deliveryFaults(body.get("delivery")) : null;
        if (body.has("api")) {
            if (apiFault == null) {
                api.reset();
            } else {
                api.set(apiFault);
            }
        }
        if (deliveryFaults != null) {
            delivery.configure(deliveryFaults);
        }
        return faults();
    }

    @Operation(summary = "Reset every fault", description = "And releases the deliveries the reorder fault holds.")
    @DeleteMapping("/sandbox/faults")
    Faults reset() {
        api.reset();
        delivery.resetFaults();
        return faults();
    }

    /** Null for {@code null} or {@code {"fault":"none"}}: no API fault. */
    private static ApiFaults.Fault apiFault(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw problem("api must be an object such as {\"fault\":\"error\",\"status\":503,\"calls\":3}");
        }
        String fault = lower(text(node, "api.fault"));
        if (fault == null) {
            throw problem("api.fault is required: error, timeout, rate-limit or none");
        }
        ApiFaults.Kind kind = switch (fault) {
            case "error" -> ApiFaults.Kind.ERROR;
            case "timeout" -> ApiFaults.Kind.TIMEOUT;
            case "rate-limit" -> ApiFaults.Kind.RATE_LIMIT;
            case "none" -> null;
            default -> throw problem("api.fault must be error, timeout, rate-limit or none, was '" + fault + "'");
        };
        if (kind == null) {
            return null;
        }
        Integer status = integer(node, "api.status");
        int errorStatus = status == null ? 503 : status;
        if (kind == ApiFaults.Kind.ERROR && (errorStatus < 500 || errorStatus > 599)) {
            throw problem("api.status must be a 5xx status such as 500, 502, 503 or 504, was " + errorStatus);
        }
        String delayText = text(node, "api.delay");
        Duration delay = delayText == null ? DEFAULT_TIMEOUT_DELAY : duration("api.delay", delayText);
        if (delay.isNegative() || delay.compareTo(Duration.ofMinutes(5)) > 0) {
            throw problem("api.delay must be between 0 and 5 minutes, was " + delay);
        }
        Integer calls = integer(node, "api.calls");
        if (calls != null && calls < 1) {
            throw problem("api.calls must be at least 1 (leave it out for every call until reset)");
        }
        Integer percent = integer(node, "api.percent");
        if (percent != null && (percent < 1 || percent > 100)) {
            throw problem("api.percent must be between 1 and 100, was " + percent);
        }
        return new ApiFaults.Fault(kind, errorStatus, delay, calls, percent == null ? 100 : percent);
    }

    private static DeliveryFaults deliveryFaults(JsonNode node) {
        if (node == null || node.isNull()) {
            return DeliveryFaults.NONE;
        }
        if (!node.isObject()) {
            throw problem("delivery must be an object such as {\"duplicate\":\"same-id\",\"reorder\":3}");
        }
        String duplicateText = lower(text(node, "delivery.duplicate"));
        DeliveryFaults.Duplicate duplicate = switch (duplicateText == null ? "none" : duplicateText) {
            case "none" -> DeliveryFaults.Duplicate.NONE;
            case "same-id" -> DeliveryFaults.Duplicate.SAME_ID;
            case "new-id" -> DeliveryFaults.Duplicate.NEW_ID;
            default -> throw problem("delivery.duplicate must be same-id, new-id or none, was '" + duplicateText + "'");
        };
        Integer reorder = integer(node, "delivery.reorder");
        if (reorder != null && (reorder < 0 || reorder > 100)) {
            throw problem("delivery.reorder must be a batch size between 2 and 100 (0 turns it off), was " + reorder);
        }
        String delayText = text(node, "delivery.delay");
        Duration delay = delayText == null ? Duration.ZERO : duration("delivery.delay", delayText);
        if (delay.isNegative() || delay.compareTo(Duration.ofMinutes(10)) > 0) {
            throw problem("delivery.delay must be between 0 and 10 minutes, was " + delay);
        }
        JsonNode drop = node.get("drop");
        int dropCount = 0;
        boolean dropAll = false;
        if (drop != null && !drop.isNull()) {
            if (drop.isString() && drop.asString().equals("all")) {
                dropAll = true;
            } else if (drop.isIntegralNumber() && drop.asInt() >= 0) {
                dropCount = drop.asInt();
            } else {
                throw problem("delivery.drop must be a number of deliveries to drop, or \"all\", was " + drop);
            }
        }
        return new DeliveryFaults(duplicate, reorder == null ? 0 : reorder, delay, dropCount, dropAll);
    }

    private static String text(JsonNode node, String path) {
        JsonNode value = node.get(path.substring(path.indexOf('.') + 1));
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw problem(path + " must be a string, was " + value);
        }
        return value.asString().strip();
    }

    private static Integer integer(JsonNode node, String path) {
        JsonNode value = node.get(path.substring(path.indexOf('.') + 1));
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            throw problem(path + " must be a whole number, was " + value);
        }
        return value.asInt();
    }

    private static Duration duration(String path, String text) {
        try {
            return DurationStyle.detectAndParse(text);
        } catch (IllegalArgumentException e) {
            throw problem(path + " must be a duration such as PT6S, 6s or 500ms, was '" + text + "'");
        }
    }

    private static String lower(String text) {
        return text == null ? null : text.toLowerCase(Locale.ROOT);
    }

    private static String name(ApiFaults.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static SandboxProblem problem(String detail) {
        return SandboxProblem.badRequest("Faults not changed", detail);
    }
}
