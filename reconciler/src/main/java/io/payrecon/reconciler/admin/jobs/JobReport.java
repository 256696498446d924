package io.payrecon.reconciler.admin.jobs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * A job's report (or parameters) laid out for a page, whatever its kind: its single values as figures, its lists of
 * records as tables (a replay's changes, a rebuild's differences), its lists of values as lists (rejections, notes).
 * One layout for every kind, so a field added to a report shows without a template change.
 */
final class JobReport {

    private JobReport() {}

    /** A single value: {@code name} as the report names it, and the value as text. */
    record Figure(String name, String value) {}

    /**
     * A list of records, as a table; {@code id} is {@code job-<name>} ({@code job-changes}, {@code job-differences}).
     */
    record Table(String name, String id, List<String> columns, List<List<String>> rows) {}

    record Items(String name, String id, List<String> items) {}

    static List<Figure> figures(JsonNode report) {
        List<Figure> figures = new ArrayList<>();
        if (report == null || !report.isObject()) {
            return figures;
        }
        for (Map.Entry<String, JsonNode> field : report.properties()) {
            JsonNode value = field.getValue();
            if (value.isObject()) {
                figures.add(new Figure(field.getKey(), inline(value)));
            } else if (!value.isArray() && !value.isNull()) {
                figures.add(new Figure(field.getKey(), value.asString()));
            }
        }
        return figures;
    }

    static List<Table> tables(JsonNode report) {
        List<Table> tables = new ArrayList<>();
        if (report == null || !report.isObject()) {
            return tables;
        }
        for (Map.Entry<String, JsonNode> field : report.properties()) {
            JsonNode value = field.getValue();
            if (!value.isArray() || value.isEmpty() || !value.get(0).isObject()) {
                continue;
            }
            Set<String> columns = new LinkedHashSet<>();
            value.forEach(row -> row.propertyNames().forEach(columns::add));
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode row : value) {
                rows.add(columns.stream().map(column -> text(row.get(column))).toList());
            }
            tables.add(new Table(field.getKey(), "job-" + field.getKey(), List.copyOf(columns), rows));
        }
        return tables;
    }

    static List<Items> lists(JsonNode report) {
        List<Items> lists = new ArrayList<>();
        if (report == null || !report.isObject()) {
            return lists;
        }
        for (Map.Entry<String, JsonNode> field : report.properties()) {
            JsonNode value = field.getValue();
            if (value.isArray() && !value.isEmpty() && !value.get(0).isObject()) {
                List<String> items = new ArrayList<>();
                value.forEach(item -> items.add(text(item)));
                lists.add(new Items(field.getKey(), "job-" + field.getKey(), items));
            }
        }
        return lists;
    }

    private static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        if (value.isObject()) {
            return inline(value);
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(text(item)));
            return String.join(", ", items);
        }
        return value.asString();
    }

    private static String inline(JsonNode object) {
        return object.properties().stream()
                .map(entry -> entry.getKey() + " " + text(entry.getValue()))
                .collect(Collectors.joining(", "));
    }
}
