package io.payrecon.benchmarks;

import java.nio.file.Path;
import java.util.List;

/**
 * The commands {@code ./pipeline bench} (the end-to-end benchmark) and {@code ./pipeline bench-links}
 * (link-service's create benchmark), each on a system of its own started by the launcher's {@code LocalSystem}.
 */
public final class Benchmarks {

    private Benchmarks() {}

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "" : args[0];
        Path root = Path.of("").toAbsolutePath();
        List<String> rest = List.of(args).subList(Math.min(1, args.length), args.length);
        int exitCode = switch (command) {
            case "bench" -> EndToEndBenchmark.run(root, rest, System.getenv(), System.out);
            case "bench-links" -> LinkServiceBenchmark.run(root, rest, System.getenv(), System.out);
            case "bench-cold" -> ColdStartBenchmark.run(root, rest, System.getenv(), System.out);
            default -> {
                System.err.println("Unknown benchmark " + command + ": bench, bench-links or bench-cold");
                yield 2;
            }
        };
        System.exit(exitCode);
    }
}
