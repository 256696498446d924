package io.payrecon.ops;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** A command that is one request to the admin API: what to ask, and how to show the answer to a person. */
@Command(mixinStandardHelpOptions = true)
abstract class AdminCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** The request this command makes, from its arguments. */
    abstract Call request();

    /** The answer, for a person. */
    abstract String render(JsonNode answer);

    @Override
    public Integer call() {
        return ((Ops) spec.root().userObject()).run(this, spec.commandLine());
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
