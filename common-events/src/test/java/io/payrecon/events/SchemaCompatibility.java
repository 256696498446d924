package io.payrecon.events;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Whether a schema may replace a released one within the same version of a topic (docs/consumers.md, "Evolution
 * policy"). Consumers built against the released schema read events written under the new one, and new consumers
 * read the topic's history written under the released one, so the change must hold both ways:
 *
 * <ul>
 *   <li>allowed: a new optional property; a new value of an open enumeration (an {@code anyOf} of an {@code enum}
 *       and a pattern, as the statuses and flags are); new descriptions and examples;
 *   <li>breaking: a property removed or renamed; a type changed or widened (null included); a property made required
 *       or no longer required; a value of a closed enumeration or a constant changed, or one of an open enumeration
 *       removed; a changed pattern, format, bound or encoding.
 * </ul>
 */
final class SchemaCompatibility {

    /** Keywords that only document: changing them never breaks anyone. */
    private static final Set<String> ANNOTATIONS =
            Set.of("$schema", "$id", "$defs", "title", "description", "examples", "$comment");

    /** Keywords compared for structure below; every other keyword must stay exactly as released. */
    private static final Set<String> STRUCTURE =
            Set.of("type", "properties", "required", "items", "anyOf", "enum", "$ref", "additionalProperties");

    private final JsonNode releasedRoot;
    private final JsonNode currentRoot;
    private final List<String> breaking = new ArrayList<>();

    private SchemaCompatibility(JsonNode releasedRoot, JsonNode currentRoot) {
        this.releasedRoot = releasedRoot;
        this.currentRoot = currentRoot;
    }

    /** The breaking changes from a released schema to the current one, each naming where; empty when compatible. */
    static List<String> breakingChanges(JsonNode released, JsonNode current) {
        SchemaCompatibility compatibility = new SchemaCompatibility(released, current);
        compatibility.compare("$", released, current);
        return List.copyOf(compatibility.breaking);
    }

    private void compare(String where, JsonNode releasedSchema, JsonNode currentSchema) {
        JsonNode released = resolve(releasedRoot, releasedSchema);
        JsonNode current = resolve(currentRoot, currentSchema);
        if (!types(released).equals(types(current))) {
            breaking.add(where + ": type " + types(released) + " became " + types(current));
        }
        compareValues(where, released, current);
        if (!names(released.path("required")).equals(names(current.path("required")))) {
            breaking.add(where + ": required " + names(released.path("required")) + " became "
                    + names(current.path("required")));
        }
        for (String property : released.path("properties").propertyNames()) {
            if (!current.path("properties").has(property)) {
                breaking.add(where + "." + property + ": removed");
            } else {
                compare(
                        where + "." + property,
                        released.path("properties").path(property),
                        current.path("properties").path(property));
            }
        }
        if (released.has("items")) {
            compare(where + "[]", released.path("items"), current.path("items"));
        }
        if (released.path("additionalProperties").isObject()) {
            compare(where + ".*", released.path("additionalProperties"), current.path("additionalProperties"));
        }
        Set<String> constraints = new TreeSet<>();
        released.propertyNames().forEach(constraints::add);
        current.propertyNames().forEach(constraints::add);
        constraints.removeAll(ANNOTATIONS);
        constraints.removeAll(STRUCTURE);
        for (String keyword : constraints) {
            if (!Objects.equals(released.get(keyword), current.get(keyword))) {
                breaking.add(where + ": " + keyword + " " + released.get(keyword) + " became " + current.get(keyword));
            }
        }
    }

    /**
     * Closed enumerations and constants stay exactly as released; an open one ({@code anyOf} of an {@code enum} and
     * the schema of values added later) may only gain values, and what it accepts beyond them must not change.
     */
    private void compareValues(String where, JsonNode released, JsonNode current) {
        if (!Objects.equals(released.get("enum"), current.get("enum"))) {
            breaking.add(where + ": enum " + released.get("enum") + " became " + current.get("enum"));
        }
        if (!Objects.equals(released.get("const"), current.get("const"))) {
            breaking.add(where + ": const " + released.get("const") + " became " + current.get("const"));
        }
        Set<String> releasedKnown = known(released);
        Set<String> currentKnown = known(current);
        if (!currentKnown.containsAll(releasedKnown)) {
            Set<String> removed = new TreeSet<>(releasedKnown);
            removed.removeAll(currentKnown);
            breaking.add(where + ": values " + removed + " removed");
        }
        List<JsonNode> releasedOpen = open(released);
        List<JsonNode> currentOpen = open(current);
        if (releasedOpen.size() != currentOpen.size()) {
            breaking.add(where + ": " + releasedOpen.size() + " branches for values added later became "
                    + currentOpen.size());
        } else {
            for (int i = 0; i < releasedOpen.size(); i++) {
                compare(where + " (values added later)", releasedOpen.get(i), currentOpen.get(i));
            }
        }
    }

    private static Set<String> known(JsonNode schema) {
        Set<String> values = new TreeSet<>();
        schema.path("anyOf")
                .valueStream()
                .flatMap(branch -> branch.path("enum").valueStream())
                .map(JsonNode::asString)
                .forEach(values::add);
        return values;
    }

    private static List<JsonNode> open(JsonNode schema) {
        return schema.path("anyOf")
                .valueStream()
                .filter(branch -> !branch.has("enum"))
                .toList();
    }

    private static Set<String> types(JsonNode schema) {
        Set<String> types = new TreeSet<>();
        JsonNode type = schema.path("type");
        if (type.isString()) {
            types.add(type.asString());
        }
        type.valueStream().map(JsonNode::asString).forEach(types::add);
        return types;
    }

    private static Set<String> names(JsonNode array) {
        Set<String> names = new LinkedHashSet<>();
        array.valueStream().map(JsonNode::asString).sorted().forEach(names::add);
        return names;
    }

    private static JsonNode resolve(JsonNode root, JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        if (!ref.startsWith("#/$defs/")) {
            return schema;
        }
        return resolve(root, root.path("$defs").path(ref.substring("#/$defs/".length())));
    }
}
