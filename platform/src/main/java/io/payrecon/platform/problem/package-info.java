/**
 * The problems our apps answer ({@code application/problem+json}, RFC 9457): their types ({@link ProblemType}, listed
 * in {@code docs/problems.md}), and how each app's OpenAPI document describes them ({@link ProblemResponses},
 * {@link OpenApiProblems}).
 */
package io.payrecon.platform.problem;
