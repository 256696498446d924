package io.payrecon.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The problem types are those docs/problems.md lists, with the same statuses, and each has a type of its own. */
class ProblemTypeTest {

    private static final Path PROBLEMS = Path.of("..", "docs", "problems.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z-]+)` \\| (\\d{3}) \\|", Pattern.MULTILINE);

    @Test
    void docsListEveryTypeWithItsStatusAndNoOther() throws IOException {
        Map<String, Integer> documented = new LinkedHashMap<>();
        Matcher row = ROW.matcher(Files.readString(PROBLEMS));
        while (row.find()) {
            documented.put(row.group(1), Integer.parseInt(row.group(2)));
        }
        Map<String, Integer> inCode = Arrays.stream(ProblemType.values())
                .collect(Collectors.toMap(
                        ProblemType::slug, type -> type.status().value()));

        assertThat(documented).as("docs/problems.md's table").isEqualTo(inCode);
    }

    @Test
    void eachTypeIsAUriOfItsOwnUnderTheProblemsBase() {
        assertThat(Arrays.stream(ProblemType.values()).map(ProblemType::uri).distinct())
                .hasSize(ProblemType.values().length)
                .allSatisfy(uri -> assertThat(uri.toString()).startsWith("https://payrecon.io/problems/"));
    }

    @Test
    void aProblemCarriesItsTypeStatusTitleAndDetail() {
        var problem = ProblemType.UNKNOWN_ORDER.problem("Unknown order", "No payment link is known for order 7");

        assertThat(problem.getType()).hasToString("https://payrecon.io/problems/unknown-order");
        assertThat(problem.getStatus()).isEqualTo(404);
        assertThat(problem.getTitle()).isEqualTo("Unknown order");
        assertThat(problem.getDetail()).isEqualTo("No payment link is known for order 7");
    }
}
