package io.payrecon.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.events.Principal.Grant;
import io.payrecon.events.Principal.Operation;
import io.payrecon.events.Principal.Pattern;
import io.payrecon.events.Principal.Resource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The access table holds architecture §2's producer and consumer columns, and nothing more. */
class AccessTableTest {

    @Test
    void eachEventTopicIsWrittenByItsProducerAlone() {
        Map<String, Principal> producers = Map.of(
                Topics.LINK_EVENTS, Principal.LINK_SERVICE,
                Topics.WEBHOOKS, Principal.WEBHOOK_GATEWAY,
                Topics.PROVIDER_OBSERVATIONS, Principal.RECONCILER,
                Topics.ORDER_PAYMENT_STATUS, Principal.RECONCILER,
                Topics.ORDER_PAYMENT_STATUS_LATEST, Principal.RECONCILER);

        producers.forEach((topic, producer) ->
                assertThat(writersOf(topic)).as("who may write %s", topic).containsExactly(producer));
    }

    @Test
    void eachDeadLetterTopicIsWrittenByTheConsumerWhoseErrorHandlerGaveUp() {
        assertThat(writersOf(Topics.deadLetter(Topics.LINK_EVENTS))).containsExactly(Principal.RECONCILER);
        assertThat(writersOf(Topics.deadLetter(Topics.WEBHOOKS))).containsExactly(Principal.RECONCILER);
        assertThat(writersOf(Topics.deadLetter(Topics.PROVIDER_OBSERVATIONS))).containsExactly(Principal.RECONCILER);
        assertThat(writersOf(Topics.deadLetter(Topics.ORDER_PAYMENT_STATUS))).containsExactly(Principal.LINK_SERVICE);
    }

    @Test
    void theReconcilerCannotWriteWhatItBelievesBecauseOfWhoWroteIt() {
        assertThat(Principal.RECONCILER.writes()).doesNotContain(Topics.WEBHOOKS, Topics.LINK_EVENTS);
    }

    @Test
    void eachPrincipalReadsWhatItsAppConsumesInItsOwnGroups() {
        assertThat(Principal.WEBHOOK_GATEWAY.reads()).isEmpty();
        assertThat(groups(Principal.WEBHOOK_GATEWAY)).isEmpty();

        assertThat(Principal.LINK_SERVICE.reads()).containsExactly(Topics.ORDER_PAYMENT_STATUS);
        assertThat(groups(Principal.LINK_SERVICE))
                .containsExactly(new Grant(Operation.READ, Resource.GROUP, Pattern.LITERAL, "link-service"));

        assertThat(Principal.RECONCILER.reads())
                .containsExactlyInAnyOrder(
                        Topics.LINK_EVENTS,
                        Topics.deadLetter(Topics.LINK_EVENTS),
                        Topics.WEBHOOKS,
                        Topics.deadLetter(Topics.WEBHOOKS),
                        Topics.PROVIDER_OBSERVATIONS,
                        Topics.deadLetter(Topics.PROVIDER_OBSERVATIONS));
        assertThat(groups(Principal.RECONCILER))
                .containsExactly(new Grant(Operation.READ, Resource.GROUP, Pattern.PREFIXED, "reconciler"));
    }

    @Test
    void orderSystemsReadTheTwoOrdersTopicsAndWriteNothing() {
        assertThat(Principal.ORDER_SYSTEM.writes()).isEmpty();
        assertThat(Principal.ORDER_SYSTEM.reads())
                .containsExactly(Topics.ORDER_PAYMENT_STATUS, Topics.ORDER_PAYMENT_STATUS_LATEST);
        assertThat(groups(Principal.ORDER_SYSTEM))
                .containsExactly(new Grant(Operation.READ, Resource.GROUP, Pattern.PREFIXED, "order-system"));
    }

    @Test
    void everyGrantIsOnATopicOfTheCatalogueOrAGroupAndTopicsAreNamedExactly() {
        List<String> catalogue = Topics.ALL;
        for (Principal principal : Principal.values()) {
            assertThat(principal.grants()).as("%s grants", principal).doesNotHaveDuplicates();
            principal.grants().stream()
                    .filter(grant -> grant.resource() == Resource.TOPIC)
                    .forEach(grant -> {
                        assertThat(grant.pattern()).as("%s", grant).isEqualTo(Pattern.LITERAL);
                        assertThat(catalogue).as("%s", grant).contains(grant.name());
                    });
        }
    }

    @Test
    void principalsHaveTheirAppsNamesAndTheSuperUserIsNoneOfThem() {
        assertThat(Arrays.stream(Principal.values()).map(Principal::username))
                .containsExactly("webhook-gateway", "link-service", "reconciler", "order-system")
                .doesNotContain(Principal.SUPER_USER);
        assertThat(Principal.SUPER_USER).isEqualTo("admin");
    }

    private static List<Principal> writersOf(String topic) {
        return Arrays.stream(Principal.values())
                .filter(principal -> principal.writes().contains(topic))
                .toList();
    }

    private static List<Grant> groups(Principal principal) {
        return principal.grants().stream()
                .filter(grant -> grant.resource() == Resource.GROUP)
                .toList();
    }
}
