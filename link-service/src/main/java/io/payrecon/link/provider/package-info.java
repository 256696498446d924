/**
 * The provider as link-service uses it: the request-client bound from {@code request.*} (x-api-key, or x-client-id
 * with an Origin), behind a backoff that stops calling the provider for a while after it answered 429, timed out or
 * could not be reached, and a bound on how many requests wait on the provider at once.
 */
package io.payrecon.link.provider;
