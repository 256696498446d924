package io.payrecon.sandbox.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.sandbox.RunningSandbox;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The controls' lists are paged by key: each item once, in the order it was made, however many there are. */
class ControlListsIT extends RunningSandbox {

    @Test
    void linksAreListedAPageAtATimeByToken() {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String token = createLink("1.00").get("token").asString();
            made.add(token);
            post("/sandbox/payments/" + token, null);
        }

        List<String> listed = all("/sandbox/payments", "links", "token");

        assertThat(listed).containsSubsequence(made).doesNotHaveDuplicates().isSorted();
        assertThat(get("/sandbox/payments?limit=0").statusCode()).isEqualTo(400);
        assertThat(get("/sandbox/payments?limit=1001").statusCode()).isEqualTo(400);
    }

    @Test
    void deliveriesAreListedAPageAtATimeById() {
        for (int i = 0; i < 3; i++) {
            post("/sandbox/payments/" + createLink("1.00").get("token").asString(), null);
        }
        await().until(() -> json(get("/sandbox/deliveries")).get("deliveries").size() >= 3);

        List<String> listed = all("/sandbox/deliveries", "deliveries", "deliveryId");

        assertThat(listed)
                .hasSize(json(get("/sandbox/deliveries")).get("deliveries").size())
                .doesNotHaveDuplicates()
                .isSorted();
    }

    /** Every item's {@code key}, one page of one item at a time. */
    private List<String> all(String path, String field, String key) {
        List<String> items = new ArrayList<>();
        String after = null;
        for (int pages = 0; pages < 10_000; pages++) {
            JsonNode page = json(get(path + "?limit=1" + (after == null ? "" : "&after=" + after)));
            page.get(field).forEach(item -> items.add(item.get(key).asString()));
            assertThat(page.get(field).size()).isLessThanOrEqualTo(1);
            if (page.get("next").isNull()) {
                return items;
            }
            after = page.get("next").asString();
        }
        throw new AssertionError("no last page after 10,000");
    }
}
