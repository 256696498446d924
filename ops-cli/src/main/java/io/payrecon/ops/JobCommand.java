package io.payrecon.ops;

import java.time.Duration;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * A command that starts a job on the reconciler (replay, republish, rebuild): the request starts it (202), then the
 * command follows it to its end, printing its progress, and prints its result as {@link #render} tells; with
 * {@code --detach} it prints the job's id and returns at once.
 */
abstract class JobCommand extends AdminCommand {

    @Option(
            names = "--detach",
            description = "Start the job and return at once, printing its id: follow it later with ops jobs follow ID.")
    boolean detach;

    @Option(
            names = "--every",
            hidden = true,
            defaultValue = "2s",
            converter = Durations.class,
            description = "How often the job's progress is asked for while following it (default: ${DEFAULT-VALUE}).")
    Duration every;

    /** The job's result (its report), for a person. */
    @Override
    abstract String render(JsonNode result);

    @Override
    public Integer call() {
        return ((Ops) spec.root().userObject()).start(this, spec.commandLine());
    }
}
