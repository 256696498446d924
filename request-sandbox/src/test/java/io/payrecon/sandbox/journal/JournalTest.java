package io.payrecon.sandbox.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The journal file: one fact per line, flushed; what cannot be read is skipped, a line cut short is cut off. */
class JournalTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dataDir;

    private record Noted(String type, String note) implements Fact {}

    @Test
    void aLineCutShortByACrashIsSkippedAndCutOffSoTheNextLinesStayReadable() throws IOException {
        Files.writeString(dataDir.resolve(Journal.FILE), """
                {"type":"noted","note":"first"}
                not json at all
                {"type":"unheard.of","note":"from a later version"}
                {"type":"noted","note":"second"}
                {"type":"noted","no""", StandardCharsets.UTF_8);
        List<String> notes = new ArrayList<>();

        Journal journal = new Journal(dataDir, JSON);
        Journal.Replayed replayed = journal.replay(handlers(notes));
        journal.append(new Noted("noted", "third"));
        journal.destroy();
        Journal again = new Journal(dataDir, JSON);
        List<String> reread = new ArrayList<>();
        Journal.Replayed second = again.replay(handlers(reread));
        again.destroy();

        assertThat(notes).containsExactly("first", "second");
        assertThat(replayed).isEqualTo(new Journal.Replayed(2, 3));
        assertThat(reread).containsExactly("first", "second", "third");
        assertThat(second).isEqualTo(new Journal.Replayed(3, 2));
        assertThat(Files.readString(dataDir.resolve(Journal.FILE))).endsWith("\"note\":\"third\"}\n");
    }

    @Test
    void aSecondSandboxCannotShareTheDataDirectory() throws IOException {
        Journal first = new Journal(dataDir, JSON);

        assertThatThrownBy(() -> new Journal(dataDir, JSON))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Another sandbox uses the data directory");
        first.destroy();
        new Journal(dataDir, JSON).destroy();
    }

    @Test
    void inMemoryNothingIsWritten() {
        Journal none = Journal.none();

        none.append(new Noted("noted", "lost on restart"));

        assertThat(none.persistent()).isFalse();
        assertThat(dataDir).isEmptyDirectory();
    }

    private static Map<String, BiConsumer<String, JsonNode>> handlers(List<String> notes) {
        return Map.of("noted", (type, node) -> notes.add(node.get("note").asString()));
    }
}
