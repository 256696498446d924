package io.payrecon.sandbox.journal;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rebuilds the stores from the journal once every bean exists and before the web server takes a request: each line
 * goes to the {@link Replayer} whose facts' {@code @JsonSubTypes} name its type.
 */
@Component
class JournalReplay implements SmartInitializingSingleton {

    private final Journal journal;
    private final List<Replayer<?>> replayers;
    private final JsonMapper json;

    JournalReplay(Journal journal, List<Replayer<?>> replayers, JsonMapper json) {
        this.journal = journal;
        this.replayers = replayers;
        this.json = json;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Map<String, BiConsumer<String, JsonNode>> handlers = new HashMap<>();
        replayers.forEach(replayer -> register(replayer, handlers));
        journal.replay(handlers);
        replayers.forEach(Replayer::replayed);
    }

    private <F extends Fact> void register(Replayer<F> replayer, Map<String, BiConsumer<String, JsonNode>> handlers) {
        JsonSubTypes types = replayer.facts().getAnnotation(JsonSubTypes.class);
        if (types == null) {
            throw new IllegalStateException(replayer.facts() + " names its facts with @JsonSubTypes");
        }
        for (JsonSubTypes.Type type : types.value()) {
            BiConsumer<String, JsonNode> handler =
                    (name, node) -> replayer.replay(json.treeToValue(node, replayer.facts()));
            if (handlers.putIfAbsent(type.name(), handler) != null) {
                throw new IllegalStateException("Two kinds of fact are named " + type.name());
            }
        }
    }
}
