package io.payrecon.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UlidTest {

    @Test
    void isTwentySixCharactersOfCrockfordBase32() {
        assertThat(Ulid.next()).matches("[0-9A-HJKMNP-TV-Z]{26}");
    }

    @Test
    void carriesItsTimeInTheFirstTenCharacters() {
        long millis = Instant.parse("2026-03-01T10:15:30.250Z").toEpochMilli();

        String ulid = new Ulid().nextAt(millis);

        assertThat(Ulid.timeOf(ulid)).isEqualTo(Instant.parse("2026-03-01T10:15:30.250Z"));
    }

    @Test
    void encodesTheProvidersExampleTimePrefix() {
        // The provider's example token 01KJRA0M9QG8MA4X887908T8A4: its first 10 characters are its time.
        Instant time = Ulid.timeOf("01KJRA0M9QG8MA4X887908T8A4");

        assertThat(new Ulid().nextAt(time.toEpochMilli())).startsWith("01KJRA0M9Q");
    }

    @Test
    void idsMadeInOneMillisecondStillSortInTheOrderTheyWereMade() {
        Ulid generator = new Ulid();
        long millis = System.currentTimeMillis();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(generator.nextAt(millis));
        }

        assertThat(ids).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void laterIdsSortAfterEarlierOnes() {
        Ulid generator = new Ulid();
        long millis = System.currentTimeMillis();

        String earlier = generator.nextAt(millis);
        String later = generator.nextAt(millis + 1);

        assertThat(later).isGreaterThan(earlier);
    }

    @Test
    void aClockThatGoesBackDoesNotBreakTheOrder() {
        Ulid generator = new Ulid();
        long millis = System.currentTimeMillis();

        String earlier = generator.nextAt(millis);
        String afterTheClockWentBack = generator.nextAt(millis - 5_000);

        assertThat(afterTheClockWentBack).isGreaterThan(earlier);
    }

    @Test
    void idsFromTheSharedGeneratorAreTimeOrdered() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ids.add(Ulid.next());
        }

        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(Ulid.timeOf(ids.get(0))).isBetween(Instant.now().minusSeconds(5), Instant.now());
    }

    @Test
    void rejectsWhatIsNotAUlid() {
        assertThatThrownBy(() -> Ulid.timeOf("not-a-ulid")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ulid.timeOf("01KJRA0M9QG8MA4X887908T8AU"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
