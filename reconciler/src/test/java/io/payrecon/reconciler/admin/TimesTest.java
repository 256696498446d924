package io.payrecon.reconciler.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

class TimesTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void durationsInEveryStyle() {
        assertThat(Times.duration("olderThan", "30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Times.duration("olderThan", " 2h ")).isEqualTo(Duration.ofHours(2));
        assertThat(Times.duration("olderThan", "1d")).isEqualTo(Duration.ofDays(1));
        assertThat(Times.duration("olderThan", "PT1H")).isEqualTo(Duration.ofHours(1));
        assertThat(Times.duration("olderThan", "3653d")).isEqualTo(Times.MAX_AGE);
    }

    @Test
    void oddDurationsAreA400NamingTheParameter() {
        for (String odd : new String[] {"soon", "-5m", "3654d", "99999999999999d", "PT99999999999999999H", ""}) {
            ErrorResponseException refused =
                    catchThrowableOfType(ErrorResponseException.class, () -> Times.duration("olderThan", odd));
            assertThat(refused).as(odd).isNotNull();
            assertThat(refused.getStatusCode().value()).isEqualTo(400);
            assertThat(refused.getBody().getDetail()).startsWith("olderThan must");
        }
    }

    @Test
    void instantsWithZAnOffsetOrNone() {
        assertThat(Times.instant("from", "2026-12-05T14:30:00Z")).isEqualTo(Instant.parse("2026-12-05T14:30:00Z"));
        assertThat(Times.instant("from", "2026-12-05T15:30:00+01:00")).isEqualTo(Instant.parse("2026-12-05T14:30:00Z"));
        assertThat(Times.instant("from", "2026-12-05T14:30")).isEqualTo(Instant.parse("2026-12-05T14:30:00Z"));
        for (String odd :
                new String[] {"yesterday", "2026-13-01T00:00", "+1000000000-01-01T00:00:00Z", "1900-01-01T00:00Z"}) {
            ErrorResponseException refused =
                    catchThrowableOfType(ErrorResponseException.class, () -> Times.instant("from", odd));
            assertThat(refused).as(odd).isNotNull();
            assertThat(refused.getStatusCode().value()).isEqualTo(400);
        }
    }

    @Test
    void anInstantOrAnAge() {
        assertThat(Times.instantOrAge("since", "2026-12-01T00:00:00Z", clock))
                .isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(Times.instantOrAge("since", "2h", clock)).isEqualTo(Instant.parse("2026-12-05T08:00:00Z"));
        ErrorResponseException refused = catchThrowableOfType(
                ErrorResponseException.class, () -> Times.instantOrAge("since", "99999999d", clock));
        assertThat(refused.getBody().getDetail())
                .contains("since must be a time such as")
                .contains("or an age");
    }
}
