package io.payrecon.ops;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "operators",
        mixinStandardHelpOptions = true,
        description = "The people who may use the admin API (the reconciler's ADMIN_OPERATORS).",
        subcommands = OperatorsCommand.NewKey.class)
final class OperatorsCommand {

    /** As the reconciler accepts them in ADMIN_OPERATORS. */
    static final String NAME = "[A-Za-z0-9._@-]{1,64}";

    static final List<String> ROLES = List.of("read-only", "operator");

    private static final SecureRandom RANDOM = new SecureRandom();

    @Command(
            name = "new-key",
            mixinStandardHelpOptions = true,
            description = {
                "A fresh key for an operator, and the ADMIN_OPERATORS entry that lets it in (the key's SHA-256, never the"
                        + " key). Sends nothing anywhere: hand the key to that person alone, add the entry to the"
                        + " reconciler's ADMIN_OPERATORS and restart it.",
                "To rotate a key, add the new entry beside the old one (one name may be listed twice, with one role),"
                        + " then remove the old one once the new key is in use."
            })
    static final class NewKey implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--name", required = true, description = "Who it is for: 1 to 64 of A-Z a-z 0-9 . _ @ -.")
        String name;

        @Option(names = "--role", required = true, description = "read-only (every GET) or operator (everything).")
        String role;

        @Override
        public Integer call() {
            if (!name.matches(NAME)) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--name must be 1 to 64 of A-Z a-z 0-9 . _ @ -, got '" + name + "'");
            }
            if (!ROLES.contains(role)) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--role must be read-only or operator, got '" + role + "'");
            }
            byte[] random = new byte[32];
            RANDOM.nextBytes(random);
            String key = HexFormat.of().formatHex(random);
            String entry = name + ":" + role + ":" + sha256(key);
            PrintWriter out = spec.commandLine().getOut();
            if (((Ops) spec.root().userObject()).json) {
                out.print(Ops.pretty(Ops.JSON
                        .createObjectNode()
                        .put("name", name)
                        .put("role", role)
                        .put("key", key)
                        .put("entry", entry)));
            } else {
                out.printf("""
                        Key for %1$s (%2$s): give it to %1$s alone; it is printed once and kept nowhere.

                          %3$s

                        Add this entry to the reconciler's ADMIN_OPERATORS (comma-separated), then restart it:

                          %4$s
                        """, name, role, key, entry);
            }
            out.flush();
            return 0;
        }
    }

    /** The SHA-256 of the key's UTF-8 bytes in lower-case hex: what the reconciler compares a presented key with. */
    static String sha256(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
