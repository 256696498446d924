/**
 * The request sandbox: a local stand-in for Request Network that answers its API under {@code /v2}, shows a
 * placeholder hosted page and delivers signed webhooks when a payment is simulated under {@code /sandbox}.
 */
package io.payrecon.sandbox;
