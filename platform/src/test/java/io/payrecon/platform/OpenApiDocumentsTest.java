package io.payrecon.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OpenApiDocumentsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void sortsTheKeysOfEveryObjectAndKeepsTheOrderOfArrays() {
        JsonNode sorted = OpenApiDocuments.sorted(JSON.readTree("{\"b\":{\"z\":1,\"a\":[3,1]},\"a\":true}"));

        assertThat(sorted.toString()).isEqualTo("{\"a\":true,\"b\":{\"a\":[3,1],\"z\":1}}");
    }

    @Test
    void namesEachPlaceWhereTheServedDocumentDiffers() {
        JsonNode checkedIn =
                JSON.readTree("{\"paths\":{\"/api/x\":{\"get\":{}}},\"info\":{\"version\":\"1\"},\"tags\":[\"a\"]}");
        JsonNode served =
                JSON.readTree("{\"paths\":{\"/api/y\":{\"get\":{}}},\"info\":{\"version\":\"2\"},\"tags\":[\"a\"]}");

        assertThat(OpenApiDocuments.differences(checkedIn, served))
                .containsExactly(
                        "- /paths/~1api~1x is in the file, not served",
                        "+ /paths/~1api~1y is served, not in the file: {\"get\":{}}",
                        "~ /info/version: the file has \"1\", the app serves \"2\"");
        assertThat(OpenApiDocuments.differences(checkedIn, checkedIn)).isEmpty();
    }
}
