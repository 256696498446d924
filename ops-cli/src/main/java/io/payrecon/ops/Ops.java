package io.payrecon.ops;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ops}: the operators' client of the reconciler's admin API. Each command is one request; the answer is
 * printed as a table (or the API's JSON with {@code --json}). Replay, republish and rebuild start a job and follow it
 * to its end (or not, with {@code --detach}); {@code ops jobs} looks after jobs. Exit codes: 0 done (also when the
 * reconciler answered that there was nothing left to do, 409: every operation is safe to run twice), 1 refused, 2
 * not reachable or not configured, 3 a job followed to its end failed, was cancelled or interrupted.
 */
@Command(
        name = "ops",
        mixinStandardHelpOptions = true,
        version = "ops 0.1.0",
        description = "Operate the payment reconciliation pipeline through the reconciler's admin API.",
        footer = {
            "",
            "Environment: RECONCILER_URL, ADMIN_KEY (./pipeline ops reads them from .pipeline/local.env).",
            "Exit codes: 0 done (or nothing left to do), 1 refused by the reconciler, 2 not reachable or not configured,",
            "3 a job followed to its end failed, was cancelled or interrupted (ops jobs resume ID continues it)."
        },
        subcommands = {
            OrdersCommand.class,
            DltCommand.class,
            ParkedCommand.class,
            PollCommand.class,
            RepublishCommand.class,
            ReplayCommand.class,
            RebuildCommand.class,
            JobsCommand.class,
            AuditCommand.class,
            OperatorsCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Ops implements Runnable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Each kind of job's result, for a person: as the command that starts it prints it. */
    static final Map<String, Function<JsonNode, String>> RENDERERS = Map.of(
            "replay", result -> new ReplayCommand().render(result),
            "republish", result -> new RepublishCommand().render(result),
            "rebuild", result -> new RebuildCommand().render(result));

    @Option(
            names = "--url",
            scope = ScopeType.INHERIT,
            defaultValue = "${env:RECONCILER_URL:-http://localhost:8083}",
            description = "The reconciler's base URL (default: $RECONCILER_URL or ${DEFAULT-VALUE}).")
    String url;

    @Option(
            names = "--admin-key",
            scope = ScopeType.INHERIT,
            defaultValue = "${env:ADMIN_KEY}",
            description = "Your own operator key, sent in X-Admin-Key; the reconciler knows you by it, and names you"
                    + " in the audit log (default: $ADMIN_KEY).")
    String adminKey;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print the API's JSON as it is, for scripts.")
    boolean json;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Ops()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "Which command? See ops --help.");
    }

    /** Sends the command's request and prints the answer. */
    int run(AdminCommand command, CommandLine commandLine) {
        PrintWriter out = commandLine.getOut();
        PrintWriter err = commandLine.getErr();
        return exchange(err, api -> print(command, api.send(command.request()), out, err));
    }

    /** Starts the command's job, then follows it to its end unless it is to be detached. */
    int start(JobCommand command, CommandLine commandLine) {
        PrintWriter out = commandLine.getOut();
        PrintWriter err = commandLine.getErr();
        return exchange(err, api -> {
            AdminApi.Answer answer = api.send(command.request());
            if (!answer.ok()) {
                return print(command, answer, out, err);
            }
            JsonNode job = answer.body();
            long id = job.get("id").longValue();
            String kind = text(job, "kind");
            if (command.detach) {
                out.print(
                        json
                                ? pretty(job)
                                : "Job " + id + " (" + kind + ") queued. Follow it with ops jobs follow " + id
                                        + ", cancel it with ops jobs cancel " + id + ".\n");
                out.flush();
                return 0;
            }
            if (!json) {
                out.println("Job " + id + " (" + kind + ") started; Ctrl-C stops following it, not the job.");
                out.flush();
            }
            return new Follower(api, out, err, command.every, json, RENDERERS).follow(id);
        });
    }

    /** Follows a job to its end. */
    int follow(long id, Duration every, CommandLine commandLine) {
        PrintWriter out = commandLine.getOut();
        PrintWriter err = commandLine.getErr();
        return exchange(err, api -> new Follower(api, out, err, every, json, RENDERERS).follow(id));
    }

    /** One or more requests to the admin API. */
    @FunctionalInterface
    interface Exchange {
        int with(AdminApi api) throws IOException, InterruptedException;
    }

    private int exchange(PrintWriter err, Exchange exchange) {
        if (adminKey == null || adminKey.isBlank()) {
            err.println("No admin key: set ADMIN_KEY (./pipeline ops reads it from .pipeline/local.env) "
                    + "or pass --admin-key.");
            return 2;
        }
        try {
            return exchange.with(new AdminApi(url, adminKey, JSON));
        } catch (ConnectException | HttpTimeoutException e) {
            err.println("Cannot reach the reconciler at " + url + " ("
                    + e.getClass().getSimpleName() + "): is it running? Point --url or RECONCILER_URL at it.");
            return 2;
        } catch (IOException | IllegalArgumentException e) {
            err.println("Cannot talk to the reconciler at " + url + ": " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
    }

    int print(AdminCommand command, AdminApi.Answer answer, PrintWriter out, PrintWriter err) {
        if (answer.ok()) {
            out.print(json ? pretty(answer.body()) : command.render(answer.body()));
            out.flush();
            return 0;
        }
        if (answer.status() == 409) {
            out.print(json ? pretty(answer.body()) : "Nothing done: " + text(answer.body(), "detail") + "\n");
            out.flush();
            return 0;
        }
        if (json) {
            err.print(pretty(answer.body()));
        } else {
            String title = text(answer.body(), "title");
            err.println("Refused (" + answer.status() + (title.isEmpty() ? "" : " " + title) + "): "
                    + text(answer.body(), "detail"));
            if (answer.status() == 401) {
                err.println("Check your operator key (--admin-key or ADMIN_KEY).");
            }
        }
        err.flush();
        return 1;
    }

    static String pretty(JsonNode node) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
    }

    /** A field's text, empty when absent or null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? "" : value.isValueNode() ? value.asString() : value.toString();
    }
}
