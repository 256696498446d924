package io.payrecon.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Times on the command line: an ISO-8601 instant ({@code 2026-11-26T10:00:00Z}), or an age, meaning that long ago
 * ({@code 30m}, {@code 2h}, {@code 1d}, {@code now}).
 */
final class Instants implements CommandLine.ITypeConverter<Instant> {

    private static final Pattern AGE = Pattern.compile("(\\d+)([smhd])");

    private final Clock clock;

    Instants() {
        this(Clock.systemUTC());
    }

    Instants(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Instant convert(String value) {
        String text = value.strip();
        if (text.equalsIgnoreCase("now")) {
            return clock.instant();
        }
        Matcher age = AGE.matcher(text);
        if (age.matches()) {
            long amount = Long.parseLong(age.group(1));
            Duration ago = switch (age.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            return clock.instant().minus(ago);
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a time: give an ISO-8601 instant such as 2026-11-26T10:00:00Z, "
                            + "or an age such as 30m, 2h, 1d, or now");
        }
    }
}
