package io.payrecon.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;
import tools.jackson.databind.JsonNode;

/**
 * The command line, parsed and printed without a server: what each command asks the admin API, and how answers are
 * shown. The client against a running reconciler is tested by system-tests.
 */
class OpsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void ordersShowAsksForTheOrdersStoryWithItsIdEncoded() {
        assertThat(request("orders", "show", "1001")).isEqualTo(Call.get("/admin/orders/1001/story"));
        assertThat(request("orders", "show", "order 7/b").path()).isEqualTo("/admin/orders/order%207%2Fb/story");
    }

    @Test
    void dltCommandsAskForListShowRetryAndDiscardWithTheirReason() {
        assertThat(request("dlt", "list")).isEqualTo(Call.get("/admin/dlt?limit=100"));
        assertThat(request("dlt", "list", "--state", "PENDING", "--limit", "5"))
                .isEqualTo(Call.get("/admin/dlt?limit=5&state=PENDING"));
        assertThat(request("dlt", "show", "12")).isEqualTo(Call.get("/admin/dlt/12"));
        assertThat(request("dlt", "retry", "12")).isEqualTo(Call.post("/admin/dlt/12/retry", null));
        assertThat(request("dlt", "discard", "12", "--reason", "sent by mistake"))
                .isEqualTo(Call.post("/admin/dlt/12/discard", Map.of("reason", "sent by mistake")));
    }

    @Test
    void discardWithoutAReasonIsRefusedBeforeAnythingIsSent() {
        int exit = execute("dlt", "discard", "12", "--admin-key", "k", "--url", "http://127.0.0.1:1");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--reason=<reason>'");
    }

    @Test
    void parkedPollAndAuditAskTheirEndpoints() {
        assertThat(request("parked", "list", "--older-than", "30m"))
                .isEqualTo(Call.get("/admin/parked?limit=100&olderThan=30m"));
        assertThat(request("parked", "list", "--after", "41"))
                .as("the next page, by key")
                .isEqualTo(Call.get("/admin/parked?limit=100&after=41"));
        assertThat(request("parked", "list", "--state", "foreign"))
                .isEqualTo(Call.get("/admin/parked?limit=100&state=foreign"));
        assertThat(request("parked", "retry")).isEqualTo(Call.post("/admin/parked/retry?limit=1000", null));
        assertThat(request("parked", "discard", "12", "13", "--reason", "test payments"))
                .isEqualTo(Call.post(
                        "/admin/parked/discard",
                        java.util.Map.of("ids", List.of(12L, 13L), "reason", "test payments")));
        assertThat(request("poll", "--order", "1001")).isEqualTo(Call.post("/admin/orders/1001/poll", null));
        assertThat(request("audit", "list", "--by", "alice", "--limit", "20"))
                .isEqualTo(Call.get("/admin/audit?limit=20&operator=alice"));
    }

    @Test
    void republishTakesExactlyOneOfOrderAndSince() {
        assertThat(request("republish", "--order", "1001"))
                .isEqualTo(Call.post("/admin/republish", Map.of("orderId", "1001")));
        assertThat(request("republish", "--since", "2026-11-26T10:00:00Z"))
                .isEqualTo(Call.post("/admin/republish", Map.of("since", "2026-11-26T10:00:00Z")));

        assertThat(execute("republish")).isEqualTo(2);
        assertThat(execute("republish", "--order", "1", "--since", "1h")).isEqualTo(2);
        assertThat(err.toString()).contains("mutually exclusive");
    }

    @Test
    void replaySendsItsRangeOrderAndDryRun() {
        Call call = request(
                "replay",
                "--from",
                "2026-11-26T10:00:00Z",
                "--to",
                "2026-11-26T11:00:00Z",
                "--order",
                "1001",
                "--dry-run");

        assertThat(call.path()).isEqualTo("/admin/replay");
        assertThat(call.body())
                .isEqualTo(Map.of(
                        "from", "2026-11-26T10:00:00Z",
                        "to", "2026-11-26T11:00:00Z",
                        "orderId", "1001",
                        "dryRun", true));
        assertThat(Map.<String, Object>copyOf(
                        request("replay", "--from", "2026-11-26T10:00:00Z").body()))
                .containsEntry("dryRun", false)
                .containsKey("to")
                .doesNotContainKey("orderId");
        assertThat(execute("replay", "--from", "yesterday-ish")).isEqualTo(2);
        assertThat(err.toString()).contains("is not a time");
    }

    @Test
    void jobsCommandsAskForListShowCancelResumeAndRestart() {
        assertThat(request("jobs", "list", "--kind", "replay", "--state", "running", "--before", "9"))
                .isEqualTo(Call.get("/admin/jobs?limit=20&kind=replay&state=running&before=9"));
        assertThat(request("jobs", "show", "17")).isEqualTo(Call.get("/admin/jobs/17"));
        assertThat(request("jobs", "cancel", "17")).isEqualTo(Call.post("/admin/jobs/17/cancel", null));
        assertThat(request("jobs", "resume", "17")).isEqualTo(Call.post("/admin/jobs/17/resume", null));
        assertThat(request("jobs", "restart", "17")).isEqualTo(Call.post("/admin/jobs/17/restart", null));
        assertThat(request("republish", "--order", "1001", "--dry-run"))
                .isEqualTo(Call.post("/admin/republish", Map.of("orderId", "1001", "dryRun", true)));
    }

    @Test
    void aRunningJobsProgressIsALineWithItsShareAndTimeLeft() {
        assertThat(Follower.progress(json("""
                        {"id":17,"kind":"replay","state":"running","done":12000,"total":40000,"percent":30.0,
                         "etaSeconds":70}""")))
                .isEqualTo("job 17 replay: 12,000 of 40,000 records (30 %), ~1m 10s left");
        assertThat(Follower.progress(json("""
                        {"id":18,"kind":"republish","state":"running","done":5,"total":null,"percent":null,
                         "etaSeconds":null,"cancelRequested":true}"""))).isEqualTo("job 18 republish: 5 events, stopping (cancel asked)");
        assertThat(Follower.progress(json("{\"id\":19,\"kind\":\"rebuild\",\"state\":\"queued\"}")))
                .isEqualTo("job 19 rebuild: queued, waiting for a worker");
        assertThat(Follower.duration(3 * 3600 + 120)).isEqualTo("3h 2m");
    }

    @Test
    void rebuildSendsDryRunOnlyWhenAskedTo() {
        assertThat(request("rebuild", "--dry-run")).isEqualTo(Call.post("/admin/rebuild", Map.of("dryRun", true)));
        assertThat(request("rebuild")).isEqualTo(Call.post("/admin/rebuild", Map.of("dryRun", false)));
    }

    @Test
    void dryRunRebuildPrintsEachDifferingFieldLiveAndRebuilt() {
        String text = render("rebuild", "--dry-run", """
                {"runId":"r-1","dryRun":true,"complete":true,"switchedOver":false,"notes":[],"durationMillis":812,
                 "records":{"payments.link-events.v1":10,"payments.webhooks.v1":12,"payments.provider-observations.v1":1},
                 "ordersLive":8,"ordersRebuilt":8,"differing":3,"differences":[
                   {"orderId":"1001","inLive":true,"inRebuild":true,"liveSequence":2,"rebuiltSequence":2,"fields":[
                     {"field":"status","live":"PARTIALLY_PAID","rebuilt":"PAID"},
                     {"field":"paidAmount","live":"50.0","rebuilt":"100.0"}]},
                   {"orderId":"1002","inLive":true,"inRebuild":false,"liveSequence":1,"rebuiltSequence":null,
                    "fields":[]},
                   {"orderId":"1003","inLive":true,"inRebuild":true,"withheld":true,"fields":[
                     {"field":"status","live":"PAID","rebuilt":"AWAITING_PAYMENT"}]}],
                 "historyDiffering":0,"historyDifferences":[],"corrected":0,"rejected":0,"rejections":[]}
                """);

        assertThat(text)
                .startsWith("Dry run (nothing changed): 8 orders rebuilt, 8 live, from 10 payments.link-events.v1, "
                        + "12 payments.webhooks.v1, 1 payments.provider-observations.v1 in 812 ms (run r-1)\n"
                        + "3 orders differ (live -> rebuilt):\n")
                .contains("1001   status      PARTIALLY_PAID  PAID", "1001   paidAmount  50.0            100.0")
                .contains("1002   (order)     present         absent")
                .contains("a person must look (it would take a paid order back or lower an amount): 1003\n")
                .doesNotContain("corrected");
        assertThat(render("rebuild", """
                        {"dryRun":false,"switchedOver":false,"differing":0,"differences":[],
                         "notes":["Not switched over: the rebuild did not complete"]}
                        """))
                .startsWith("Rebuilt, NOT switched over:")
                .contains("Every order's state is as the log says.\n", "Note: Not switched over");
    }

    @Test
    void timesAreInstantsOrAgesCountedBackFromNow() {
        Instants instants = new Instants(Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC));

        assertThat(instants.convert("2026-11-26T10:15:30Z")).isEqualTo(Instant.parse("2026-11-26T10:15:30Z"));
        assertThat(instants.convert("2h")).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
        assertThat(instants.convert("30m")).isEqualTo(Instant.parse("2026-11-26T11:30:00Z"));
        assertThat(instants.convert("1d")).isEqualTo(Instant.parse("2026-11-25T12:00:00Z"));
        assertThat(instants.convert("now")).isEqualTo(Instant.parse("2026-11-26T12:00:00Z"));
        assertThatThrownBy(() -> instants.convert("soon")).isInstanceOf(CommandLine.TypeConversionException.class);
    }

    @Test
    void connectionOptionsApplyBeforeOrAfterTheCommand() {
        Ops before = parsedRoot("--url", "http://ops:1", "--admin-key", "k1", "--json", "dlt", "list");
        Ops after = parsedRoot("dlt", "list", "--json", "--url", "http://ops:2", "--admin-key", "k2");

        assertThat(before.url).isEqualTo("http://ops:1");
        assertThat(before.adminKey).isEqualTo("k1");
        assertThat(before.json).isTrue();
        assertThat(after.url).isEqualTo("http://ops:2");
        assertThat(after.adminKey).isEqualTo("k2");
        assertThat(after.json).isTrue();
    }

    @Test
    void whoYouAreComesFromYourKeyNotFromAnOption() {
        int exit = execute("dlt", "list", "--operator", "alice", "--admin-key", "k", "--url", "http://127.0.0.1:1");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown options: '--operator'");
    }

    @Test
    void newKeyPrintsAFreshKeyAndTheEntryWithItsHashSendingNothing() {
        int exit = execute("operators", "new-key", "--name", "alice", "--role", "operator", "--json");
        int again = execute("operators", "new-key", "--name", "alice", "--role", "operator", "--json");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(again).isZero();
        List<JsonNode> printed = Ops.JSON
                .readerFor(JsonNode.class)
                .<JsonNode>readValues(out.toString())
                .readAll();
        JsonNode first = printed.get(0);
        String key = first.get("key").asString();
        assertThat(key).matches("[0-9a-f]{64}");
        assertThat(first.get("entry").asString())
                .isEqualTo("alice:operator:" + OperatorsCommand.sha256(key))
                .doesNotContain(key);
        assertThat(OperatorsCommand.sha256("abc"))
                .as("as sha256sum prints it")
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(printed.get(1).get("key").asString()).isNotEqualTo(key);
    }

    @Test
    void newKeyForAReadOnlyOperatorTellsWhereTheEntryGoes() {
        int exit = execute("operators", "new-key", "--name", "bob@example.com", "--role", "read-only");

        assertThat(exit).isZero();
        assertThat(out.toString())
                .startsWith("Key for bob@example.com (read-only): give it to bob@example.com alone")
                .contains("ADMIN_OPERATORS")
                .containsPattern("\\n  bob@example\\.com:read-only:[0-9a-f]{64}\\n");
    }

    @Test
    void newKeyRefusesARoleOrNameTheReconcilerWouldRefuse() {
        assertThat(execute("operators", "new-key", "--name", "alice", "--role", "admin"))
                .isEqualTo(2);
        assertThat(execute("operators", "new-key", "--name", "alice:x", "--role", "operator"))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("--role must be read-only or operator, got 'admin'")
                .contains("--name must be 1 to 64 of");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void everyCommandHasHelp() {
        List<List<String>> paths = new ArrayList<>();
        collect(Ops.commandLine(), new ArrayList<>(), paths);

        assertThat(paths).hasSizeGreaterThanOrEqualTo(13);
        for (List<String> path : paths) {
            StringWriter help = new StringWriter();
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            CommandLine commandLine = Ops.commandLine();
            commandLine.setOut(new PrintWriter(help));

            assertThat(commandLine.execute(args.toArray(String[]::new)))
                    .as("%s", args)
                    .isZero();
            assertThat(help.toString()).as("%s", args).startsWith("Usage: ops");
        }
    }

    @Test
    void withoutAnAdminKeyNothingIsSentAndTheVariableIsNamed() {
        int exit = execute("dlt", "list", "--admin-key", "", "--url", "http://127.0.0.1:1");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("ADMIN_KEY");
    }

    @Test
    void anUnreachableReconcilerIsNamedWithItsUrl() {
        int exit = execute("dlt", "list", "--admin-key", "k", "--url", "http://127.0.0.1:1");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("http://127.0.0.1:1", "RECONCILER_URL");
    }

    @Test
    void storyIsPrintedAsATableInTimeOrder() {
        String text = render("orders", "show", "1001", """
                {"orderId":"1001","status":"PAID","requestIds":["req-1"],"entries":[
                 {"at":"2026-11-26T10:00:00Z","kind":"link","ref":"e-1","what":"payment-link.created",
                  "outcome":"APPLIED","detail":null},
                 {"at":"2026-11-26T10:05:00Z","kind":"delivery","ref":"d-1","what":"payment.confirmed",
                  "outcome":"APPLIED","detail":"request req-1"},
                 {"at":"2026-11-26T10:05:00Z","kind":"status-event","ref":"s-1",
                  "what":"order.payment-status-changed sequence 1","outcome":"PAID","detail":"emitted"}]}
                """);

        assertThat(text).isEqualTo("""
                        Order 1001: PAID
                        Request ids: req-1

                        AT                    KIND          REF  WHAT                                     OUTCOME  DETAIL
                        2026-11-26T10:00:00Z  link          e-1  payment-link.created                     APPLIED  -
                        2026-11-26T10:05:00Z  delivery      d-1  payment.confirmed                        APPLIED  request req-1
                        2026-11-26T10:05:00Z  status-event  s-1  order.payment-status-changed sequence 1  PAID     emitted
                        """);
    }

    @Test
    void dryRunReplayPrintsTheChangesItWouldMake() {
        String text = render("replay", "--from", "1h", """
                {"dryRun":true,"from":"2026-11-26T10:00:00Z","to":"2026-11-26T11:00:00Z","read":3,"webhooks":2,
                 "observations":1,"rejected":[],"changes":[{"orderId":"1001","sequence":2,"from":"PARTIALLY_PAID",
                 "to":"PAID","paidAmount":"100.00","causeKind":"payment.confirmed","deliveryId":"d-9"}]}
                """);

        assertThat(text)
                .startsWith("Dry run (nothing changed): 3 records from 2026-11-26T10:00:00Z to 2026-11-26T11:00:00Z"
                        + " (2 webhooks, 1 observations)\n1 status changes it would make:\n")
                .contains("1001   2    PARTIALLY_PAID  PAID  100.00  payment.confirmed delivery d-9");
    }

    @Test
    void dltListShowsSourceStateAndReason() {
        String text = render("dlt", "list", """
                [{"id":7,"topic":"payments.webhooks.v1","partition":2,"offset":41,"key":"k","reason":"not JSON",
                  "at":"2026-11-26T10:00:00Z","state":"PENDING"}]
                """);

        assertThat(text).contains("ID  STATE    AT", "7   PENDING  2026-11-26T10:00:00Z  payments.webhooks.v1-2@41  k");
        assertThat(render("dlt", "list", "[]")).isEqualTo("No dead letters.\n");
    }

    @Test
    void anOperationAlreadyDoneIsNothingToDoNotAFailure() {
        AdminCommand retry = command("dlt", "retry", "7");

        int exit = root.print(
                retry,
                new AdminApi.Answer(
                        409,
                        json("{\"title\":\"Already done\",\"detail\":\"Dead letter 7 was already "
                                + "retried by alice; nothing was done\"}")),
                new PrintWriter(out),
                new PrintWriter(err));

        assertThat(exit).isZero();
        assertThat(out.toString())
                .isEqualTo("Nothing done: Dead letter 7 was already retried by alice; nothing was done\n");
    }

    @Test
    void aRefusalPrintsTheProblemDetailAndFails() {
        AdminCommand show = command("orders", "show", "1001");

        int exit = root.print(
                show,
                new AdminApi.Answer(401, json("{\"title\":\"Unauthorized\",\"detail\":\"X-Admin-Key is missing\"}")),
                new PrintWriter(out),
                new PrintWriter(err));

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString())
                .contains("Refused (401 Unauthorized): X-Admin-Key is missing", "your operator key", "--admin-key");
    }

    @Test
    void jsonOptionPrintsTheAnswerAsItIs() {
        AdminCommand list = command("audit", "list", "--json");

        root.print(list, new AdminApi.Answer(200, json("[{\"operator\":\"alice\"}]")), new PrintWriter(out), null);

        assertThat(json(out.toString())).isEqualTo(json("[{\"operator\":\"alice\"}]"));
    }

    @Test
    void longCellsAreCutAndEmptyOnesShownAsADash() {
        String table = Table.of("A", "B").row("x".repeat(100), null).toString();

        assertThat(table.lines().toList().get(1)).isEqualTo("x".repeat(Table.MAX_CELL - 1) + "…  -");
    }

    private Ops root;

    private AdminCommand command(String... args) {
        CommandLine commandLine = Ops.commandLine();
        ParseResult parsed = commandLine.parseArgs(args);
        root = commandLine.getCommand();
        while (parsed.hasSubcommand()) {
            parsed = parsed.subcommand();
        }
        return (AdminCommand) parsed.commandSpec().userObject();
    }

    private Ops parsedRoot(String... args) {
        command(args);
        return root;
    }

    private Call request(String... args) {
        return command(args).request();
    }

    /** The command's answer rendered for a person; the last argument is the answer. */
    private String render(String... argsAndAnswer) {
        String[] args = java.util.Arrays.copyOf(argsAndAnswer, argsAndAnswer.length - 1);
        return command(args).render(json(argsAndAnswer[argsAndAnswer.length - 1]));
    }

    private int execute(String... args) {
        CommandLine commandLine = Ops.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private static JsonNode json(String text) {
        return Ops.JSON.readTree(text);
    }

    private static void collect(CommandLine commandLine, List<String> path, List<List<String>> paths) {
        paths.add(path);
        commandLine.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> longer = new ArrayList<>(path);
                longer.add(name);
                collect(sub, longer, paths);
            }
        });
    }
}
