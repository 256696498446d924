package io.payrecon.reconciler.admin;

import io.payrecon.reconciler.ReconcilerProperties;
import io.payrecon.reconciler.inbox.Inbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What operators must look at. Requires {@code X-Admin-Key} (see the access package). */
@RestController
@RequestMapping("/admin")
public class AdminController {

    static final int MAX_LIMIT = 1000;

    private final Inbox inbox;
    private final Clock clock;
    private final Duration alertAge;

    AdminController(Inbox inbox, Clock clock, ReconcilerProperties properties) {
        this.inbox = inbox;
        this.clock = clock;
        this.alertAge = properties.parkedAlertAge();
    }

    /**
     * Webhooks parked for longer than {@code olderThan} (default {@code reconciler.parked-alert-age}): their payment
     * link has not arrived. Oldest first.
     */
    @GetMapping("/parked")
    ParkedWebhooks parked(
            @RequestParam(required = false) String olderThan, @RequestParam(defaultValue = "100") int limit) {
        Duration age = olderThan == null || olderThan.isBlank() ? alertAge : duration(olderThan);
        Instant cutoff = clock.instant().minus(age);
        Inbox.ParkedPage page = inbox.parkedBefore(cutoff, limit(limit));
        return new ParkedWebhooks(age.toString(), cutoff, page.total(), page.parked());
    }

    /** Records sent to a dead-letter topic, newest first, with the reason. */
    @GetMapping("/dead-letters")
    List<Inbox.DeadLetter> deadLetters(@RequestParam(defaultValue = "100") int limit) {
        return inbox.deadLetters(limit(limit));
    }

    /**
     * @param olderThan the age asked for, ISO-8601 ({@code PT1H})
     * @param total how many webhooks are parked for longer, of which {@code parked} lists the oldest
     */
    record ParkedWebhooks(String olderThan, Instant parkedBefore, long total, List<Inbox.ParkedWebhook> parked) {}

    private static Duration duration(String value) {
        try {
            Duration age = DurationStyle.detectAndParse(value.strip());
            if (age.isNegative()) {
                throw new IllegalArgumentException("negative");
            }
            return age;
        } catch (IllegalArgumentException e) {
            throw problem("olderThan must be a duration such as 30m, 1h or PT1H, got " + value);
        }
    }

    private static int limit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw problem("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        return limit;
    }

    private static ErrorResponseException problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid parameter");
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }
}
