/**
 * The provider as link-service uses it: the request-client bound from {@code request.*} (x-api-key, or x-client-id
 * with an Origin), behind a backoff that stops calling the provider for a while after it answered 429.
 */
package io.payrecon.link.provider;
