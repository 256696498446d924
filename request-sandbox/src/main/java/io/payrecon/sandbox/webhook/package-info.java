/** Delivering signed webhooks to {@code sandbox.webhook-url} with the provider's headers and retry schedule. */
package io.payrecon.sandbox.webhook;
