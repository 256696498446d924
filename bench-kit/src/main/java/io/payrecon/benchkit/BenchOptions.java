package io.payrecon.benchkit;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A benchmark's command line: {@code --name value} pairs, each name one of those the benchmark knows, and
 * {@code --help} (or {@code -h}). Values are read with a default; a value of the wrong kind, an unknown option or an
 * option without its value is an {@link IllegalArgumentException} that says which.
 */
public final class BenchOptions {

    private final Map<String, String> values;

    private BenchOptions(Map<String, String> values) {
        this.values = values;
    }

    /** The options given; null for {@code --help}. {@code known} are the names without their {@code --}. */
    public static BenchOptions parse(List<String> args, Set<String> known) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (option.equals("--help") || option.equals("-h")) {
                return null;
            }
            if (!option.startsWith("--") || !known.contains(option.substring(2))) {
                throw new IllegalArgumentException("Unknown option " + option);
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            values.put(option.substring(2), args.get(++i));
        }
        return new BenchOptions(values);
    }

    /**
     * As {@link #parse(List, Set)}, where an option not on the command line may be given as the system property
     * {@code <prefix><name>} instead ({@code -Dbench.orders=1000000}), for a benchmark whose documented command passes
     * its options so; the command line wins.
     */
    public static BenchOptions parse(List<String> args, Set<String> known, String propertyPrefix) {
        BenchOptions given = parse(args, known);
        if (given == null) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : known) {
            String property = System.getProperty(propertyPrefix + name);
            if (property != null) {
                values.put(name, property);
            }
        }
        values.putAll(given.values);
        return new BenchOptions(values);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String string(String name, String otherwise) {
        return values.getOrDefault(name, otherwise);
    }

    public int integer(String name, int otherwise) {
        return has(name) ? (int) number(name, Integer::parseInt) : otherwise;
    }

    public long longInteger(String name, long otherwise) {
        return has(name) ? number(name, Long::parseLong) : otherwise;
    }

    public boolean bool(String name, boolean otherwise) {
        if (!has(name)) {
            return otherwise;
        }
        String value = values.get(name);
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("--" + name + " needs true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    /** {@code 250ms}, {@code 60s}, {@code 5m}, or whole seconds ({@code 60}). */
    public Duration duration(String name, Duration otherwise) {
        if (!has(name)) {
            return otherwise;
        }
        String value = values.get(name).strip().toLowerCase(Locale.ROOT);
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            if (value.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
            }
            if (value.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--" + name + " needs a duration (250ms, 60s, 5m), got '" + values.get(name) + "'");
        }
    }

    /** A comma-separated list of whole numbers ({@code --rates 500,1000}). */
    public List<Integer> integers(String name, List<Integer> otherwise) {
        if (!has(name)) {
            return otherwise;
        }
        try {
            return Arrays.stream(values.get(name).split(","))
                    .map(String::strip)
                    .map(Integer::parseInt)
                    .toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--" + name + " needs whole numbers separated by commas, got '" + values.get(name) + "'");
        }
    }

    /** Fails with {@code message} unless {@code condition} holds. */
    public static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    private long number(String name, Function<String, ? extends Number> parse) {
        String value = values.get(name);
        try {
            return parse.apply(value).longValue();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " needs a whole number, got '" + value + "'");
        }
    }

    /** A benchmark given its options. */
    @FunctionalInterface
    public interface Run<O> {
        /** @return the process exit code */
        int run(O options) throws Exception;
    }

    /**
     * Parses the options ({@code parse} answers null for {@code --help}) and runs the benchmark with them; prints the
     * usage instead for {@code --help} (exit code 0) and after a bad option (2).
     */
    public static <O> int parseThenRun(
            List<String> args, PrintStream out, String usage, Function<List<String>, O> parse, Run<O> run)
            throws Exception {
        O options;
        try {
            options = parse.apply(args);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            out.print(usage);
            return 2;
        }
        if (options == null) {
            out.print(usage);
            return 0;
        }
        return run.run(options);
    }
}
