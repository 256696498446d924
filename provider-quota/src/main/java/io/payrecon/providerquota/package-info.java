/**
 * One rate-limit quota per provider credential, shared in PostgreSQL by every app and instance that calls the
 * provider with that credential: link creation first, polling from what creation leaves, and one backoff for all
 * after the provider answers 429. Auto-configured in apps with a DataSource; they call
 * {@link io.payrecon.providerquota.ProviderQuota#take} before each provider call.
 */
package io.payrecon.providerquota;
