/**
 * The integration events that travel on the durable log, the topic catalogue, and the JSON codec that
 * pins their wire format. Plain types on the wire: ids as strings, amounts as decimal strings, times as
 * ISO-8601 instants. Changes are additive; a breaking change is a new {@code type}.
 */
package io.payrecon.events;
