package io.payrecon.sandbox.credential;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /sandbox/rate-limits}: what each credential (by name, never its value) and caller IP used of its rate limit
 * in the last minute, how often it was refused, and until when it is blocked after a sustained breach; {@code DELETE}
 * forgets every count and lifts every block.
 */
@RestController
@Tag(name = "Rate limits", description = "Controls: what each credential and caller IP used, and blocks")
class RateLimitController {

    private static final Logger log = LoggerFactory.getLogger(RateLimitController.class);

    private final RateLimiter limiter;

    RateLimitController(RateLimiter limiter) {
        this.limiter = limiter;
    }

    /**
     * @param blockDuration how long a sustained breach blocks, ISO-8601 ({@code PT5M}); {@code PT0S}: never
     * @param rateLimits each credential + IP seen in the last minutes: {@code used} and {@code refused} in the last
     *     minute, {@code refusalsToBlock} how many refusals within a minute block it, {@code blockedUntil} null when
     *     not blocked, {@code blocks} how many times it was blocked
     */
    record RateLimits(String blockDuration, List<RateLimiter.Usage> rateLimits) {}

    @Operation(
            summary = "Show rate limit usage",
            description = "Per credential and caller IP: limit, used, refused, refusals to a block, blocked until.")
    @GetMapping("/sandbox/rate-limits")
    RateLimits rateLimits() {
        return new RateLimits(limiter.blockDuration().toString(), limiter.usage());
    }

    @Operation(summary = "Reset rate limits", description = "Forgets every count and lifts every block.")
    @ApiResponse(responseCode = "204", description = "Reset")
    @DeleteMapping("/sandbox/rate-limits")
    ResponseEntity<Void> reset() {
        limiter.reset();
        log.info("Rate limits reset: every count forgotten, every block lifted");
        return ResponseEntity.noContent().build();
    }
}
