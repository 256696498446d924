package io.payrecon.platform.problem;

import com.fasterxml.jackson.databind.type.TypeFactory;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.oas.models.media.Schema;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses to describe two classes under one schema name. springdoc names a schema after its class's simple name, so
 * two nested records such as {@code OrderView.Summary} and {@code DeadLetterStore.Summary} would share one entry of
 * the document and one of them would be described wrongly, silently. With this, describing the second one fails,
 * naming both classes (give one a {@code @Schema(name = ...)}): springdoc logs that and leaves the operation out of
 * the document, which every app's drift test then finds missing.
 */
public final class DistinctSchemaNames implements ModelConverter {

    private static final String COMPONENTS = "#/components/schemas/";

    private final Map<String, Class<?>> named = new ConcurrentHashMap<>();

    @Override
    public Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        Schema<?> schema = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        String name = schema == null ? null : nameOf(schema);
        if (name != null && type.getType() != null) {
            Class<?> described =
                    TypeFactory.defaultInstance().constructType(type.getType()).getRawClass();
            Class<?> earlier = named.putIfAbsent(name, described);
            if (earlier != null && !earlier.equals(described)) {
                throw new IllegalStateException("Two classes would be described as one schema " + name
                        + " in the OpenAPI document: " + earlier.getName() + " and " + described.getName()
                        + "; give one of them a name of its own with @Schema(name = ...)");
            }
        }
        return schema;
    }

    /** The name of a schema of the document's components: its own, or the one it refers to. */
    private static String nameOf(Schema<?> schema) {
        if (schema.getName() != null) {
            return schema.getName();
        }
        String ref = schema.get$ref();
        return ref != null && ref.startsWith(COMPONENTS) ? ref.substring(COMPONENTS.length()) : null;
    }
}
