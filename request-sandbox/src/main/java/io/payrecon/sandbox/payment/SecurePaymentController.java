package io.payrecon.sandbox.payment;

import io.payrecon.requestclient.Destination;
import io.payrecon.sandbox.ProviderError;
import io.payrecon.sandbox.SandboxProperties;
import io.payrecon.sandbox.Token;
import io.payrecon.sandbox.Ulid;
import io.payrecon.sandbox.clock.SandboxClock;
import io.payrecon.sandbox.credential.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creating and reading secure payment links, answering like the provider (request-network-api.md §2-3 and its
 * OpenAPI description): status codes, field names and its error shape {@code {"statusCode":…,"message":…,"error":…}}.
 *
 * <p>The create body is read as the OpenAPI file (v0.13.0, {@code paths./v2/secure-payments.post}) describes it, the
 * contract where the integration guide shows more: an item has only {@code amount} and {@code destinationId}, and the
 * destination is always the one bound to the credential (sent, it must equal it: 403
 * {@value #DESTINATION_MISMATCH}). The guide's older item shape ({@code payee}, {@code invoiceCurrency},
 * {@code paymentCurrency}) is refused with 400 ({@code requests.0.property payee should not exist}), as is any property
 * the schema does not list. Whether the provider refuses or silently ignores them is not documented; the schema lists
 * its deprecated fields ({@code feePercentage}, {@code feeAddress}) explicitly as ignored, so unlisted ones are not
 * accepted, and refusing is the strict reading: a client that still sends the older shape fails loudly in our tests
 * instead of collecting, in production, to the credential's wallet rather than the payee it named. An amount with more
 * decimals than the destination's token has ({@link io.payrecon.sandbox.Token}) is refused with 400 too.
 */
@RestController
@Tag(name = "Provider API", description = "The provider\'s endpoints, as its OpenAPI file has them")
class SecurePaymentController {

    private static final Logger log = LoggerFactory.getLogger(SecurePaymentController.class);

    static final String DESTINATION_MISMATCH = "Destination does not match the configured payment destination.";
    static final String UNBOUND_CLIENT_ID = "Backend Client ID is not bound to a payee destination.";

    /** Tron's chain id in ERC-7828 form: batches are EVM only. */
    private static final String TRON_CHAIN = "728126428";

    private static final Map<String, String> NETWORKS = Map.of(
            "1",
            "ethereum",
            "11155111",
            "sepolia",
            "8453",
            "base",
            "10",
            "optimism",
            "42161",
            "arbitrum-one",
            "137",
            "matic",
            "56",
            "bsc",
            TRON_CHAIN,
            "tron");

    private final SecurePayments links;
    private final SandboxProperties properties;
    private final JsonMapper json;
    private final SandboxClock clock;

    SecurePaymentController(SecurePayments links, SandboxProperties properties, JsonMapper json, SandboxClock clock) {
        this.links = links;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /** The body as the provider reads it, once valid; the other listed fields are accepted and not used. */
    record CreateBody(
            List<Item> requests, String reference, String payerIdentifier, String redirectUrl, String redirectLabel) {

        record Item(String amount, String destinationId) {}
    }

    record Created(List<String> requestIds, String securePaymentUrl, String token, Object feePlan) {}

    @Operation(
            summary = "Create a secure payment link",
            description = "The provider's POST /v2/secure-payments: requests of {amount, destinationId?} (batch of up "
                    + "to 200), reference, payerIdentifier, redirectUrl, redirectLabel, accessPolicy; any other "
                    + "property is refused, as the provider's validator does.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = CreateBody.class))))
    @ApiResponse(
            responseCode = "201",
            description = "The link: its token, request ids and hosted page",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Created.class)))
    @ApiResponse(
            responseCode = "400",
            description = "Not a body the provider accepts: message lists every reason",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(ref = "#/components/schemas/ProviderError")))
    @PostMapping("/v2/secure-payments")
    ResponseEntity<?> create(
            @io.swagger.v3.oas.annotations.Parameter(hidden = true) @RequestBody(required = false) byte[] body,
            HttpServletRequest http) {
        Caller caller = Caller.of(http);
        JsonNode tree;
        try {
            tree = body == null || body.length == 0 ? null : json.readTree(body);
        } catch (JacksonException e) {
            return ProviderError.of(HttpStatus.BAD_REQUEST, List.of("The body is not valid JSON"));
        }
        List<String> problems = SecurePaymentValidation.problemsOf(tree);
        if (!problems.isEmpty()) {
            log.info("Refused a secure payment for {}: {}", caller.credential(), problems);
            return ProviderError.of(HttpStatus.BAD_REQUEST, problems);
        }
        CreateBody create = json.treeToValue(tree, CreateBody.class);
        // The destination is always the credential's: sent, it must match; omitted, it is resolved.
        if (caller.destinationId() == null) {
            log.info("Refused a secure payment for {}: unbound backend Client ID", caller.credential());
            return ProviderError.of(HttpStatus.FORBIDDEN, UNBOUND_CLIENT_ID);
        }
        if (create.requests().stream()
                .anyMatch(item ->
                        item.destinationId() != null && !item.destinationId().equals(caller.destinationId()))) {
            log.info("Refused a secure payment for {}: destination mismatch", caller.credential());
            return ProviderError.of(HttpStatus.FORBIDDEN, DESTINATION_MISMATCH);
        }
        Token currency = caller.token();
        List<String> tooPrecise = new ArrayList<>();
        List<SecurePayment.Terms> terms = new ArrayList<>();
        for (int i = 0; i < create.requests().size(); i++) {
            BigDecimal amount = new BigDecimal(create.requests().get(i).amount());
            if (amount.stripTrailingZeros().scale() > currency.decimals()) {
                tooPrecise.add("requests." + i + ".amount has more decimals than " + currency.symbol() + " allows ("
                        + currency.decimals() + ")");
            }
            terms.add(toDestination(amount, caller.destinationId(), currency));
        }
        if (!tooPrecise.isEmpty()) {
            log.info("Refused a secure payment for {}: {}", caller.credential(), tooPrecise);
            return ProviderError.of(HttpStatus.BAD_REQUEST, tooPrecise);
        }
        if (terms.size() > 1 && terms.get(0).network().equals("tron")) {
            return ProviderError.of(
                    HttpStatus.BAD_REQUEST, List.of("Batch payments are not supported on TRON networks"));
        }
        Instant now = clock.instant();
        String token = Ulid.next();
        SecurePayment link = new SecurePayment(
                token,
                now,
                now.plus(properties.linkExpiry()),
                create.reference(),
                create.payerIdentifier(),
                create.redirectUrl(),
                create.redirectLabel(),
                caller.clientId() == null
                        ? SecurePayment.Creator.API_KEY
                        : new SecurePayment.Creator(caller.clientId(), caller.origin()),
                terms,
                links::record);
        links.add(link);
        List<String> requestIds =
                link.requests().stream().map(SecurePayment.Terms::requestId).toList();
        log.info(
                "Created secure payment {} with requests {} (reference {}) for {}",
                token,
                requestIds,
                create.reference(),
                caller.credential());
        return ResponseEntity.status(HttpStatus.CREATED).body(new Created(requestIds, payUrl(token), token, null));
    }

    @Operation(
            summary = "Read a secure payment",
            description = "The provider's GET /v2/secure-payments/{token}, with a Client ID only: the pending link in "
                    + "the single or batch shape of the provider's OpenAPI file.")
    @ApiResponse(
            responseCode = "200",
            description = "The link, pending",
            content = @Content(mediaType = "application/json", schema = @Schema(type = "object")))
    @ApiResponse(
            responseCode = "404",
            description = "No such token",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(ref = "#/components/schemas/ProviderError")))
    @ApiResponse(
            responseCode = "409",
            description = "Completed: every request is paid (message, status, requestStatuses)",
            content = @Content(mediaType = "application/json", schema = @Schema(type = "object")))
    @GetMapping("/v2/secure-payments/{token}")
    ResponseEntity<?> securePayment(@PathVariable String token) {
        SecurePayment link = links.find(token).orElse(null);
        if (link == null) {
            return ProviderError.of(HttpStatus.NOT_FOUND, "Secure payment not found");
        }
        return switch (link.status(clock.instant())) {
            case COMPLETED -> {
                List<RequestStatus> statuses = link.states().stream()
                        .map(state ->
                                new RequestStatus(state.terms().requestId(), state.hasBeenPaid(), state.lastTxHash()))
                        .toList();
                yield ResponseEntity.status(HttpStatus.CONFLICT)
                        .body(new Completed("Secure payment has already been completed", "completed", statuses));
            }
            case EXPIRED -> ProviderError.of(HttpStatus.FORBIDDEN, "Secure payment token expired or invalid status");
            case PENDING -> ResponseEntity.ok(payable(link));
        };
    }

    /** The 200 answer, in the OpenAPI's single or batch shape. */
    private Map<String, Object> payable(SecurePayment link) {
        List<SecurePayment.Terms> requests = link.requests();
        SecurePayment.Terms first = requests.get(0);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("paymentType", requests.size() == 1 ? "single" : "batch");
        answer.put("status", "pending");
        answer.put("redirectUrl", link.redirectUrl());
        answer.put("redirectLabel", link.redirectLabel());
        answer.put("branding", null);
        answer.put("paymentOptions", Map.of());
        answer.put(
                "requestIds",
                requests.stream().map(SecurePayment.Terms::requestId).toList());
        if (requests.size() == 1) {
            answer.put("payee", first.payee());
            answer.put("network", first.network());
            answer.put("amount", first.amount().toPlainString());
            answer.put("paymentCurrency", first.currency());
            answer.put("isNativeCurrency", false);
            answer.put("destination", destination(first));
        } else {
            answer.put(
                    "payees", requests.stream().map(SecurePayment.Terms::payee).toList());
            answer.put("network", first.network());
            answer.put(
                    "amounts",
                    requests.stream()
                            .map(request -> request.amount().toPlainString())
                            .toList());
            answer.put(
                    "paymentCurrencies",
                    requests.stream().map(SecurePayment.Terms::currency).toList());
            answer.put("isNativeCurrency", false);
            answer.put(
                    "destinations",
                    requests.stream().map(SecurePaymentController::destination).toList());
        }
        answer.put("reference", link.reference());
        answer.put("isPayeeAddressMasked", false);
        answer.put("feePlan", null);
        return answer;
    }

    /** The resolved destination, in the OpenAPI's {@code destination} shape. */
    private static Map<String, Object> destination(SecurePayment.Terms request) {
        Destination parts = Destination.parse(request.destinationId()); // checked at startup
        Map<String, Object> destination = new LinkedHashMap<>();
        destination.put("destinationId", parts.id());
        destination.put(
                "payeeAddress",
                parts.id()
                        .substring(0, parts.id().length() - parts.tokenAddress().length() - 1));
        destination.put("tokenAddress", parts.tokenAddress());
        destination.put("walletAddress", parts.wallet());
        destination.put("network", request.network());
        destination.put("isMasked", false);
        return destination;
    }

    private String payUrl(String token) {
        return UriComponentsBuilder.fromUri(properties.publicUrl())
                .path("/")
                .queryParam("token", token)
                .build()
                .toUriString();
    }

    private static SecurePayment.Terms toDestination(BigDecimal amount, String destinationId, Token token) {
        Destination destination = Destination.parse(destinationId); // checked at startup
        String chain = destination.chainId();
        return new SecurePayment.Terms(
                SecurePayment.newRequestId(),
                SecurePayment.newPaymentReference(),
                amount,
                destinationId,
                destination.wallet(),
                NETWORKS.getOrDefault(chain, "eip155:" + chain),
                token.symbol(),
                token.decimals());
    }

    record RequestStatus(String requestId, boolean hasBeenPaid, String txHash) {}

    record Completed(String message, String status, List<RequestStatus> requestStatuses) {}
}
