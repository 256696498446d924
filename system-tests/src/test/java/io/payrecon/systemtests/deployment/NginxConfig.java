package io.payrecon.systemtests.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * An nginx configuration file as nginx reads it: directives with their arguments (quotes and escapes undone the way
 * nginx undoes them), blocks nested, comments dropped. Enough of nginx to tell, without nginx, which {@code location}
 * a path ends up in and where that location forwards it.
 */
final class NginxConfig {

    /** {@code name args;} or, with a block, {@code name args { … }}; {@code block} is empty for a plain directive. */
    record Directive(String name, List<String> args, List<Directive> block) {

        List<Directive> all(String name) {
            return block.stream().filter(child -> child.name().equals(name)).toList();
        }

        Optional<Directive> first(String name) {
            return all(name).stream().findFirst();
        }

        /** The argument of the first directive of that name with one argument, e.g. {@code client_max_body_size}. */
        Optional<String> value(String name) {
            return first(name).map(directive -> String.join(" ", directive.args()));
        }

        /**
         * The location nginx chooses for a path (without query), as nginx does it when there are no regular-expression
         * locations and no nested ones: an exact match ({@code location = /x}) wins, else the longest prefix.
         */
        Optional<Directive> location(String path) {
            List<Directive> locations = all("location");
            Optional<Directive> exact = locations.stream()
                    .filter(location -> location.args().size() == 2
                            && location.args().get(0).equals("=")
                            && location.args().get(1).equals(path))
                    .findFirst();
            if (exact.isPresent()) {
                return exact;
            }
            return locations.stream()
                    .filter(location -> !location.args().get(0).equals("="))
                    .filter(location -> path.startsWith(location.args().getLast()))
                    .max(Comparator.comparingInt(
                            location -> location.args().getLast().length()));
        }

        /** Where this location forwards requests ({@code proxy_pass}, a {@code set} variable resolved), if anywhere. */
        Optional<URI> upstream() {
            return first("proxy_pass").map(pass -> {
                String target = pass.args().getFirst();
                if (target.startsWith("$")) {
                    target = all("set").stream()
                            .filter(set ->
                                    set.args().getFirst().equals(pass.args().getFirst()))
                            .map(set -> set.args().get(1))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError("proxy_pass " + pass.args() + " names a variable"
                                    + " that this location does not set"));
                }
                return URI.create(target);
            });
        }

        /** This directive and every one nested in it, depth first. */
        List<Directive> flatten() {
            List<Directive> all = new ArrayList<>(List.of(this));
            block.forEach(child -> all.addAll(child.flatten()));
            return all;
        }
    }

    private NginxConfig() {}

    /** The top-level directives of the file, as one block named after the file. */
    static Directive read(Path file) {
        try {
            Tokens tokens = new Tokens(Files.readString(file));
            List<Directive> directives = block(tokens, file);
            if (tokens.hasNext()) {
                throw new AssertionError(file + ": unexpected '" + tokens.next() + "'");
            }
            return new Directive(file.getFileName().toString(), List.of(), directives);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Directive> block(Tokens tokens, Path file) {
        List<Directive> directives = new ArrayList<>();
        while (tokens.hasNext() && !tokens.peek().equals("}")) {
            String name = tokens.next();
            List<String> args = new ArrayList<>();
            while (true) {
                if (!tokens.hasNext()) {
                    throw new AssertionError(file + ": directive " + name + " is not terminated");
                }
                String token = tokens.next();
                if (token.equals(";")) {
                    directives.add(new Directive(name, List.copyOf(args), List.of()));
                    break;
                }
                if (token.equals("{")) {
                    List<Directive> children = block(tokens, file);
                    if (!tokens.hasNext() || !tokens.next().equals("}")) {
                        throw new AssertionError(file + ": block " + name + " is not closed");
                    }
                    directives.add(new Directive(name, List.copyOf(args), children));
                    break;
                }
                args.add(token);
            }
        }
        return directives;
    }

    /** nginx's tokens: words, quoted strings, and {@code { } ;}. Quoted tokens are returned unquoted. */
    private static final class Tokens {

        private final List<String> tokens = new ArrayList<>();
        private int next;

        Tokens(String text) {
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '#') {
                    while (i < text.length() && text.charAt(i) != '\n') {
                        i++;
                    }
                } else if (c == '{' || c == '}' || c == ';') {
                    tokens.add(String.valueOf(c));
                    i++;
                } else if (c == '"' || c == '\'') {
                    StringBuilder token = new StringBuilder();
                    i++;
                    while (text.charAt(i) != c) {
                        char d = text.charAt(i);
                        // ngx_conf_read_token: \" \' \\ lose their backslash, \t \r \n are control characters, any
                        // other backslash is kept as it is (a regular expression's \. stays \.).
                        if (d == '\\' && "\"'\\".indexOf(text.charAt(i + 1)) >= 0) {
                            token.append(text.charAt(i + 1));
                            i += 2;
                        } else if (d == '\\' && "trn".indexOf(text.charAt(i + 1)) >= 0) {
                            token.append(
                                    switch (text.charAt(i + 1)) {
                                        case 't' -> '\t';
                                        case 'r' -> '\r';
                                        default -> '\n';
                                    });
                            i += 2;
                        } else {
                            token.append(d);
                            i++;
                        }
                    }
                    tokens.add(token.toString());
                    i++;
                } else {
                    int start = i;
                    while (i < text.length()
                            && !Character.isWhitespace(text.charAt(i))
                            && "{};".indexOf(text.charAt(i)) < 0) {
                        i++;
                    }
                    tokens.add(text.substring(start, i));
                }
            }
        }

        boolean hasNext() {
            return next < tokens.size();
        }

        String peek() {
            return tokens.get(next);
        }

        String next() {
            return tokens.get(next++);
        }
    }
}
