package io.payrecon.reconciler.admin;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.web.ErrorResponseException;

/**
 * Times and ages as the admin API and the console take them, parsed in one place: a duration (30m, 2h, 1d or ISO-8601
 * PT1H, Spring's {@link DurationStyle}), at most {@link #MAX_AGE}; an instant (ISO-8601, 2026-12-05T14:30:00Z, or
 * with an offset; without one, as a {@code datetime-local} field sends it, taken as UTC), between 1970 and 9999; or
 * either, an age meaning that long before now. Anything else is a 400 ({@link Problems#badRequest}) naming the
 * parameter, what was sent and what is accepted, never a 500 from date arithmetic.
 */
public final class Times {

    /** The longest age or duration accepted: ten years, past which date arithmetic and the database give out. */
    public static final Duration MAX_AGE = Duration.ofDays(3653);

    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private Times() {}

    /** A duration such as 30m, 2h, 1d or PT1H, from 0 to {@link #MAX_AGE}; 400 otherwise. */
    public static Duration duration(String parameter, String value) {
        Duration duration;
        try {
            duration = DurationStyle.detectAndParse(value.strip());
        } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
            throw Problems.badRequest(
                    parameter + " must be a duration such as 30m, 2h, 1d or PT1H, got " + shown(value));
        }
        if (duration.isNegative()) {
            throw Problems.badRequest(parameter + " must not be negative, got " + shown(value));
        }
        if (duration.compareTo(MAX_AGE) > 0) {
            throw Problems.badRequest(
                    parameter + " must be at most " + MAX_AGE.toDays() + "d (ten years), got " + shown(value));
        }
        return duration;
    }

    /** An instant: ISO-8601 with Z or an offset, or a local date-time taken as UTC; 1970 to 9999; 400 otherwise. */
    public static Instant instant(String parameter, String value) {
        String text = value.strip();
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException withoutOffset) {
            try {
                instant = LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeException e) {
                throw Problems.badRequest(
                        parameter + " must be a time such as 2026-12-05T14:30:00Z (or 2026-12-05T14:30,"
                                + " taken as UTC), got " + shown(value));
            }
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw Problems.badRequest(parameter + " must be between 1970 and 9999, got " + shown(value));
        }
        return instant;
    }

    /** An instant as {@link #instant}, or an age as {@link #duration} meaning that long before now; 400 otherwise. */
    public static Instant instantOrAge(String parameter, String value, Clock clock) {
        String text = value.strip();
        boolean looksLikeATime = text.length() > 4 && Character.isDigit(text.charAt(0)) && text.charAt(4) == '-';
        if (looksLikeATime) {
            return instant(parameter, text);
        }
        try {
            return ago(clock, duration(parameter, text));
        } catch (ErrorResponseException notAnAge) {
            throw Problems.badRequest(parameter + " must be a time such as 2026-12-05T14:30:00Z or an age such as 30m,"
                    + " 2h, 1d or PT1H (at most " + MAX_AGE.toDays() + "d), got " + shown(value));
        }
    }

    /** {@code age} before now; an age of at most {@link #MAX_AGE} never overflows. */
    public static Instant ago(Clock clock, Duration age) {
        return clock.instant().minus(age);
    }

    /** What was sent, for a message: cut short, so a huge parameter does not make a huge page. */
    private static String shown(String value) {
        String text = value == null ? "" : value.strip();
        return "'" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'";
    }
}
