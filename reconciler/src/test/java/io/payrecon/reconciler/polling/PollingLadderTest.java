package io.payrecon.reconciler.polling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PollingLadderTest {

    private static final Instant CREATED = Instant.parse("2026-10-01T10:00:00Z");
    private static final Instant EXPIRES = CREATED.plus(Duration.ofDays(7));
    private static final PollingLadder LADDER = new PollingLadder(
            List.of(minutes(1), minutes(2), minutes(5), minutes(10)),
            Duration.ofHours(1),
            Duration.ofDays(1),
            Duration.ofDays(1),
            Duration.ofDays(1));

    @Test
    void pollsAtTheLadderMinutesThenHourlyThenDailyUntilExpiryPlusGrace() {
        List<Instant> polls = new ArrayList<>();
        Instant until = LADDER.until(EXPIRES);
        Optional<Instant> next = Optional.of(LADDER.first(CREATED));
        while (next.isPresent()) {
            polls.add(next.get());
            next = LADDER.next(CREATED, next.get(), until);
        }

        assertThat(polls.subList(0, 6))
                .containsExactly(
                        CREATED.plus(minutes(1)),
                        CREATED.plus(minutes(2)),
                        CREATED.plus(minutes(5)),
                        CREATED.plus(minutes(10)),
                        CREATED.plus(minutes(70)),
                        CREATED.plus(minutes(130)));
        assertThat(polls).contains(CREATED.plus(minutes(10)).plus(Duration.ofHours(24)));
        assertThat(polls.get(polls.size() - 1)).isEqualTo(EXPIRES.plus(Duration.ofDays(1)));
        assertThat(polls).isSorted().doesNotHaveDuplicates().hasSizeLessThan(40);
    }

    @Test
    void pollerThatWasDownPollsOnceThenGoesOnFromTheRequestsAge() {
        Instant lateFirstPoll = CREATED.plus(minutes(7));

        assertThat(LADDER.next(CREATED, lateFirstPoll, LADDER.until(EXPIRES))).contains(CREATED.plus(minutes(10)));
        assertThat(LADDER.next(CREATED, CREATED.plus(Duration.ofHours(3)), LADDER.until(EXPIRES)))
                .contains(CREATED.plus(Duration.ofHours(4)));
    }

    @Test
    void paidRequestIsPolledOnTheSlowRungUntilExpiryPlusGrace() {
        Instant until = LADDER.until(EXPIRES);
        Instant polledAt = CREATED.plus(minutes(1));

        assertThat(LADDER.nextSlow(polledAt, until)).hasValue(polledAt.plus(LADDER.slowEvery()));
        assertThat(LADDER.nextSlow(until.minus(minutes(5)), until)).hasValue(until);
        assertThat(LADDER.nextSlow(until, until)).isEmpty();
    }

    @Test
    void pollingEndsAtExpiryPlusGrace() {
        Instant until = LADDER.until(EXPIRES);

        assertThat(LADDER.next(CREATED, until.minus(minutes(1)), until)).contains(until);
        assertThat(LADDER.next(CREATED, until, until)).isEmpty();
    }

    private static Duration minutes(long minutes) {
        return Duration.ofMinutes(minutes);
    }
}
