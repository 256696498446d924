package io.payrecon.platform;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The drift check of an app's OpenAPI document: what the app serves at {@code /v3/api-docs} must be the file checked
 * in as {@code docs/contract/openapi/<app>.json}, pretty-printed with its keys sorted (arrays keep their order). A
 * difference fails, naming each place that differs and how to update the file: run the test again with
 * {@code -Dopenapi.write=true}, which rewrites the file from what the app serves, then review and commit its diff.
 * For the apps' drift tests (this module's test-jar).
 */
public final class OpenApiDocuments {

    /** The system property that rewrites the checked-in file instead of comparing with it. */
    public static final String WRITE = "openapi.write";

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final int MAX_LISTED = 25;

    private OpenApiDocuments() {}

    /**
     * @param app the app's module name, which names its file
     * @param served the document as the app served it
     * @param rerun the command that runs the drift test again, for the message
     */
    public static void assertServedIsCheckedIn(String app, String served, String rerun) {
        Path file = file(app);
        JsonNode servedTree = sorted(JSON.readTree(served));
        String canonical = JSON.writeValueAsString(servedTree) + "\n";
        if (Boolean.getBoolean(WRITE)) {
            write(file, canonical);
            System.out.println("Wrote " + file.toAbsolutePath().normalize() + " from the served document");
            return;
        }
        if (!Files.exists(file)) {
            fail("No checked-in OpenAPI document of " + app + " at " + file.normalize() + ": create it with " + rerun
                    + " -D" + WRITE + "=true, review it and commit it");
        }
        JsonNode checkedIn = sorted(JSON.readTree(read(file)));
        if (checkedIn.equals(servedTree)) {
            return;
        }
        List<String> differences = differences(checkedIn, servedTree);
        fail(app + " serves an OpenAPI document at /v3/api-docs that differs from " + file.normalize() + " in "
                + differences.size() + " place(s):\n  "
                + String.join("\n  ", differences.subList(0, Math.min(MAX_LISTED, differences.size())))
                + (differences.size() > MAX_LISTED ? "\n  … and " + (differences.size() - MAX_LISTED) + " more" : "")
                + "\nIf the change of the API is meant: update the file with " + rerun + " -D" + WRITE + "=true, "
                + "review its diff (is every change additive for the API's clients?) and commit it with the code.");
    }

    /** The checked-in document of an app, from its module's directory (where tests run). */
    public static Path file(String app) {
        return Path.of("..", "docs", "contract", "openapi", app + ".json");
    }

    /** The same JSON with every object's keys in sorted order, recursively. */
    static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> properties = new TreeMap<>();
            node.properties().forEach(property -> properties.put(property.getKey(), sorted(property.getValue())));
            ObjectNode copy = JSON.createObjectNode();
            properties.forEach(copy::set);
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.createArrayNode();
            node.valueStream().forEach(element -> copy.add(sorted(element)));
            return copy;
        }
        return node;
    }

    /** Each place where {@code served} differs from {@code checkedIn}, as a JSON pointer and what it holds. */
    static List<String> differences(JsonNode checkedIn, JsonNode served) {
        List<String> differences = new ArrayList<>();
        compare("", checkedIn, served, differences);
        return differences;
    }

    private static void compare(String pointer, JsonNode checkedIn, JsonNode served, List<String> differences) {
        if (checkedIn.isObject() && served.isObject()) {
            List<String> names = new ArrayList<>();
            checkedIn.propertyNames().forEach(names::add);
            served.propertyNames().forEach(name -> {
                if (!names.contains(name)) {
                    names.add(name);
                }
            });
            for (String name : names) {
                String at = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
                if (!served.has(name)) {
                    differences.add("- " + at + " is in the file, not served");
                } else if (!checkedIn.has(name)) {
                    differences.add("+ " + at + " is served, not in the file: " + shorten(served.get(name)));
                } else {
                    compare(at, checkedIn.get(name), served.get(name), differences);
                }
            }
        } else if (checkedIn.isArray() && served.isArray() && checkedIn.size() == served.size()) {
            for (int i = 0; i < checkedIn.size(); i++) {
                compare(pointer + "/" + i, checkedIn.get(i), served.get(i), differences);
            }
        } else if (!checkedIn.equals(served)) {
            differences.add(
                    "~ " + pointer + ": the file has " + shorten(checkedIn) + ", the app serves " + shorten(served));
        }
    }

    private static String shorten(JsonNode node) {
        String text = node.toString();
        return text.length() <= 120 ? text : text.substring(0, 120) + "…";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
