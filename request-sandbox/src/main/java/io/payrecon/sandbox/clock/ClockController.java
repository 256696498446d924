package io.payrecon.sandbox.clock;

import io.payrecon.platform.problem.ProblemResponses;
import io.payrecon.platform.problem.ProblemType;
import io.payrecon.sandbox.SandboxProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code /sandbox/clock}: shows and moves the sandbox time, e.g. {@code {"advance":"P8D"}} to expire links. */
@RestController
@Tag(name = "Clock", description = "Controls: the sandbox clock, real time plus an offset")
class ClockController {

    private static final Logger log = LoggerFactory.getLogger(ClockController.class);

    private final SandboxClock clock;

    ClockController(SandboxClock clock) {
        this.clock = clock;
    }

    /**
     * One of the two.
     *
     * @param advance an ISO-8601 duration ({@code P8D}, {@code PT36H}, {@code -PT1H}) or a simple one ({@code 8d},
     *     {@code 90m})
     * @param set an ISO-8601 instant, such as {@code 2026-03-08T10:00:00Z}
     */
    record Move(String advance, String set) {}

    /** The sandbox time, and how far it is from the real time. */
    record Now(Instant now, Instant realNow, String offset) {}

    @Operation(summary = "Read the sandbox clock", description = "Its now, the real now and the offset.")
    @GetMapping("/sandbox/clock")
    Now now() {
        return describe();
    }

    @Operation(
            summary = "Move the sandbox clock",
            description = "Exactly one of advance (a duration such as P8D, 36h or -PT1H) or set (an instant).")
    @ProblemResponses(ProblemType.INVALID_REQUEST)
    @PostMapping("/sandbox/clock")
    Now move(@RequestBody(required = false) Move move) {
        if (move == null || (move.advance() == null) == (move.set() == null)) {
            throw SandboxProblem.badRequest(
                    "Clock not moved",
                    "Send exactly one of {\"advance\":\"P8D\"} or {\"set\":\"2026-03-08T10:00:00Z\"}");
        }
        if (move.advance() != null) {
            clock.advance(duration(move.advance()));
        } else {
            clock.set(instant(move.set()));
        }
        Now now = describe();
        log.info("Sandbox clock moved to {} (offset {})", now.now(), now.offset());
        return now;
    }

    @Operation(summary = "Put the sandbox clock back on real time")
    @DeleteMapping("/sandbox/clock")
    Now reset() {
        clock.reset();
        log.info("Sandbox clock back on real time");
        return describe();
    }

    private Now describe() {
        Instant now = clock.instant();
        return new Now(now, now.minus(clock.offset()), clock.offset().toString());
    }

    private static Duration duration(String text) {
        try {
            return DurationStyle.detectAndParse(text.strip());
        } catch (IllegalArgumentException e) {
            throw SandboxProblem.badRequest(
                    "Clock not moved",
                    "advance must be a duration such as P8D, PT36H, -PT1H or 8d, was '" + text + "'");
        }
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw SandboxProblem.badRequest(
                    "Clock not moved",
                    "set must be an ISO-8601 instant such as 2026-03-08T10:00:00Z, was '" + text + "'");
        }
    }
}
