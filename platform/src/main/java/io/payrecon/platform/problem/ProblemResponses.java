package io.payrecon.platform.problem;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problems an endpoint may answer, for its OpenAPI description: one {@code application/problem+json} response per
 * status, naming the types it may carry. On a controller, for each of its endpoints; on a method, added to those. The
 * problems of the request bounds and the credential checks, which depend on the path rather than the endpoint, are
 * added by {@link OpenApiProblems} and by each app's description.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface ProblemResponses {

    ProblemType[] value();
}
