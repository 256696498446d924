package io.payrecon.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One owner per table (issue 18): each of the reconciler's tables is written by one class, whatever the schema it is
 * qualified with. Read from the sources, since the SQL is text: every {@code INSERT INTO}, {@code UPDATE},
 * {@code DELETE FROM} and {@code TRUNCATE} of a table must be in its owner's file.
 */
class TableOwnersTest {

    private static final Path SOURCES = Path.of("src/main/java/io/payrecon/reconciler");

    /** Table → the source file (below {@link #SOURCES}) of the one class that writes it. */
    private static final Map<String, String> OWNERS = Map.ofEntries(
            Map.entry("orders", "order/Orders.java"),
            Map.entry("order_requests", "order/Orders.java"),
            Map.entry("order_history", "order/Orders.java"),
            Map.entry("polls", "polling/Polls.java"),
            Map.entry("webhook_deliveries", "inbox/Inbox.java"),
            Map.entry("link_events", "inbox/Inbox.java"),
            Map.entry("provider_observations", "inbox/Inbox.java"),
            Map.entry("counted_payments", "inbox/CountedPayments.java"),
            Map.entry("parked_webhooks", "inbox/ParkedWebhooks.java"),
            Map.entry("dead_letters", "inbox/DeadLetterStore.java"),
            Map.entry("ops_audit", "admin/audit/OpsAudit.java"),
            Map.entry("ops_jobs", "admin/jobs/JobStore.java"),
            // the outbox library's table: only through its Outbox
            Map.entry("outbox_record", "-"));

    /** A write, with or without a schema ({@code %1$s.orders}, {@code reconciler.orders}); not {@code FOR UPDATE}. */
    private static final Pattern WRITE = Pattern.compile(
            "(?<!FOR )(?<!DO )\\b(INSERT\\s+INTO|UPDATE|DELETE\\s+FROM|TRUNCATE)\\s+(?:[%$\\w\"]+\\.)?([a-z_]+)\\b");

    @Test
    void everyTableIsWrittenByItsOwnerOnly() throws IOException {
        List<String> writes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file :
                    files.filter(path -> path.toString().endsWith(".java")).toList()) {
                String name = SOURCES.relativize(file).toString().replace('\\', '/');
                writes.addAll(strayWrites(name, Files.readString(file)));
            }
        }
        assertThat(writes).isEmpty();
    }

    @Test
    void aWriteOutsideTheOwnerIsFound() {
        String source = """
                jdbc.sql("UPDATE %1$s.orders o SET status = :status").update();
                jdbc.sql("SELECT * FROM polls FOR UPDATE SKIP LOCKED").list();
                jdbc.sql("INSERT INTO dead_letters (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET id = 1").update();
                """;

        assertThat(strayWrites("admin/Sneaky.java", source))
                .containsExactly("admin/Sneaky.java writes orders", "admin/Sneaky.java writes dead_letters");
        assertThat(strayWrites("order/Orders.java", "UPDATE orders SET x = 1")).isEmpty();
    }

    /** The writes in a source file of tables it does not own (tables of other apps' schemas are not ours to judge). */
    private static List<String> strayWrites(String file, String source) {
        List<String> stray = new ArrayList<>();
        Matcher write = WRITE.matcher(source);
        while (write.find()) {
            String table = write.group(2);
            String owner = OWNERS.get(table);
            if (owner != null && !owner.equals(file)) {
                stray.add(file + " writes " + table);
            }
        }
        return stray.stream().distinct().toList();
    }
}
