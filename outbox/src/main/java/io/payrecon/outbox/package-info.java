/**
 * The one transactional outbox of the pipeline: {@link io.payrecon.outbox.Outbox#append} stores an event in the
 * caller's database transaction, and a relay publishes it to Kafka after the commit, in commit order per key,
 * at least once, with one publishing instance at a time. Auto-configured; apps add no tables or code.
 */
package io.payrecon.outbox;
