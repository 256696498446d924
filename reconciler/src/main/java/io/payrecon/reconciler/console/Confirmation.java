package io.payrecon.reconciler.console;

import java.util.List;

/**
 * What a bulk action will do, shown before it runs ({@code console/confirm}): how many records, which ones, and the
 * form that runs it ({@code button#confirm}) or, when it cannot run, why ({@code problem}).
 *
 * @param section the nav entry the page belongs to
 * @param heading what will happen, such as "Retry 2 dead letters"
 * @param explanation what the action does to each record
 * @param columns the list's column names; each row's first cell is the record's id
 * @param rows the records it will act on
 * @param applyUrl where the confirmation is posted
 * @param cancelUrl back to the list, doing nothing
 * @param fields the hidden fields that say what to do (action, ids, reason, filter)
 * @param problem why it cannot run (nothing selected, no reason for a discard), or null
 */
public record Confirmation(
        String section,
        String heading,
        String explanation,
        List<String> columns,
        List<List<String>> rows,
        String applyUrl,
        String cancelUrl,
        List<Field> fields,
        String problem) {

    public record Field(String name, String value) {}

    public int count() {
        return rows.size();
    }
}
