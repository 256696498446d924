package io.payrecon.platform.problem;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;

/**
 * How every app's OpenAPI document describes its problems: the {@code Problem} schema (RFC 9457), and for each
 * operation one {@code application/problem+json} response per status, whose {@code type} is one of the types it may
 * carry. An operation's types are those of its {@link ProblemResponses}, and, when it takes a body, those of the
 * request bounds (a body too large, or too slow), which apply to every body an app reads.
 */
public final class OpenApiProblems implements OpenApiCustomizer, OperationCustomizer {

    public static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    static final String SCHEMA = "Problem";
    private static final String REF = "#/components/schemas/" + SCHEMA;

    /** Adds the {@code Problem} schema. */
    @Override
    public void customise(OpenAPI openApi) {
        schema(openApi);
    }

    /** The document's {@code Problem} schema, added when it has none yet: an app adds the members its problems have. */
    public static Schema<Object> schema(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        if (openApi.getComponents().getSchemas() == null
                || !openApi.getComponents().getSchemas().containsKey(SCHEMA)) {
            openApi.getComponents().addSchemas(SCHEMA, problemSchema());
        }
        @SuppressWarnings("unchecked")
        Schema<Object> schema = openApi.getComponents().getSchemas().get(SCHEMA);
        return schema;
    }

    /** Adds the problems the endpoint's {@link ProblemResponses} name, and those of the request bounds. */
    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        Set<ProblemType> types = new LinkedHashSet<>();
        ProblemResponses onClass =
                AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), ProblemResponses.class);
        ProblemResponses onMethod = handler.getMethodAnnotation(ProblemResponses.class);
        if (onClass != null) {
            types.addAll(Arrays.asList(onClass.value()));
        }
        if (onMethod != null) {
            types.addAll(Arrays.asList(onMethod.value()));
        }
        if (operation.getRequestBody() != null) {
            types.add(ProblemType.REQUEST_TOO_LARGE);
            types.add(ProblemType.REQUEST_TOO_SLOW);
        }
        add(operation, types);
        return operation;
    }

    /**
     * Adds problem responses to an operation, merged with what it answers already: per status, the types of both; a
     * status it answers with something else (an HTML page, say) gets the problem as a second media type.
     */
    public static void add(Operation operation, ProblemType... types) {
        add(operation, List.of(types));
    }

    public static void add(Operation operation, Iterable<ProblemType> types) {
        Map<Integer, Set<ProblemType>> byStatus = new TreeMap<>();
        for (ProblemType type : types) {
            byStatus.computeIfAbsent(type.status().value(), status -> new LinkedHashSet<>())
                    .add(type);
        }
        if (byStatus.isEmpty()) {
            return;
        }
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        byStatus.forEach((status, added) -> {
            String code = Integer.toString(status);
            ApiResponse existing = operation.getResponses().get(code);
            if (existing == null
                    || existing.getContent() == null
                    || existing.getContent().isEmpty()) {
                operation.getResponses().addApiResponse(code, response(added));
                return;
            }
            Set<ProblemType> all = new LinkedHashSet<>(typesOf(existing));
            boolean hadProblems = !all.isEmpty();
            all.addAll(added);
            ApiResponse problems = response(all);
            existing.getContent()
                    .addMediaType(PROBLEM_JSON, problems.getContent().get(PROBLEM_JSON));
            existing.setDescription(
                    hadProblems
                            ? problems.getDescription()
                            : existing.getDescription() + " Or, to clients that do not " + "accept it: "
                                    + problems.getDescription());
            if (problems.getHeaders() != null) {
                problems.getHeaders().forEach(existing::addHeaderObject);
            }
        });
    }

    /** The types a response's problem names: none when it has no problem of ours. */
    @SuppressWarnings("unchecked")
    private static List<ProblemType> typesOf(ApiResponse response) {
        MediaType problem = response.getContent().get(PROBLEM_JSON);
        if (problem == null) {
            return List.of();
        }
        Schema<?> schema = problem.getSchema();
        if (schema == null || schema.getAllOf() == null || schema.getAllOf().size() != 2) {
            return List.of();
        }
        Schema<Object> type =
                (Schema<Object>) schema.getAllOf().get(1).getProperties().get("type");
        return type.getEnum().stream()
                .map(uri -> Arrays.stream(ProblemType.values())
                        .filter(known -> known.uri().toString().equals(uri))
                        .findFirst()
                        .orElseThrow())
                .toList();
    }

    private static ApiResponse response(Set<ProblemType> types) {
        List<ProblemType> sorted = new ArrayList<>(types);
        sorted.sort(Comparator.comparing(ProblemType::slug));
        Schema<Object> type = string().description("The kind of problem: one of these, listed in docs/problems.md");
        type.setEnum(sorted.stream().map(t -> (Object) t.uri().toString()).toList());
        Schema<Object> narrowed = object();
        narrowed.addProperty("type", type);
        Schema<Object> schema = new Schema<>();
        schema.setAllOf(List.of(new Schema<>().$ref(REF), narrowed));
        ApiResponse response = new ApiResponse()
                .description(
                        sorted.size() == 1
                                ? "Problem `" + sorted.get(0).slug() + "`: "
                                        + lowerFirst(sorted.get(0).summary()) + "."
                                : "A problem, one of:\n\n"
                                        + sorted.stream()
                                                .map(t -> "- `" + t.slug() + "`: " + lowerFirst(t.summary()) + ".")
                                                .collect(Collectors.joining("\n")))
                .content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(schema)));
        if (sorted.stream().anyMatch(t -> t.status().value() == 503)) {
            response.addHeaderObject(
                    "Retry-After",
                    new Header()
                            .description("Whole seconds after which the request may be sent again, when the app "
                                    + "knows (also in the body as retryAfterSeconds, where the problem has it)")
                            .schema(integer()));
        }
        return response;
    }

    private static String lowerFirst(String text) {
        return Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    private static Schema<Object> problemSchema() {
        Schema<Object> schema = object().description(
                        "A problem (RFC 9457, application/problem+json). Its type says what kind, one of "
                                + "docs/problems.md; an error of HTTP itself (a wrong method, media type or path) has "
                                + "none (about:blank) and means no more than its status. title and detail are for "
                                + "people; detail says what to do. Problems of some types carry more members, named in their description.");
        schema.addProperty(
                "type",
                string().format("uri")
                        .description("The kind of problem: " + ProblemType.BASE + "<slug>; absent means about:blank")
                        .example(ProblemType.INVALID_REQUEST.uri().toString()));
        schema.addProperty("title", string().description("A short summary of the problem, for people"));
        schema.addProperty("status", integer().description("The HTTP status of the answer"));
        schema.addProperty(
                "detail", string().description("What happened and what to do about it, for people; no credential"));
        schema.addProperty(
                "instance", string().format("uri-reference").description("The path asked for, when the problem says"));
        schema.setRequired(List.of("title", "status", "detail"));
        return schema;
    }

    /** An amount: a decimal string, never a JSON number. */
    public static Schema<Object> decimal() {
        return string().format("decimal").pattern("^[0-9]+(\\.[0-9]+)?$").example("10.50");
    }

    public static Schema<Object> string() {
        return typed("string");
    }

    public static Schema<Object> integer() {
        return typed("integer");
    }

    public static Schema<Object> object() {
        return typed("object");
    }

    public static Schema<Object> array(Schema<?> items) {
        Schema<Object> array = typed("array");
        array.setItems(items);
        return array;
    }

    /** A schema of one JSON type, as OpenAPI 3.1 writes it ({@code types}) and 3.0 did ({@code type}). */
    public static Schema<Object> typed(String jsonType) {
        Schema<Object> schema = new Schema<>();
        schema.setType(jsonType);
        schema.setTypes(new LinkedHashSet<>(List.of(jsonType)));
        return schema;
    }
}
