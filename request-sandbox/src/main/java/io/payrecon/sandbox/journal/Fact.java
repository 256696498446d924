package io.payrecon.sandbox.journal;

/**
 * Something that happened in the sandbox and is journaled: each feature has a sealed interface of records extending
 * this one, with {@code @JsonTypeInfo(property = "type")} and a stable {@code @JsonSubTypes} name per record (such as
 * {@code payment.made}): one fact per journal line, {@code {"type":"payment.made",…}}.
 */
public interface Fact {}
