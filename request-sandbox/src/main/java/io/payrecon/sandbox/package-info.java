/**
 * The request sandbox: a local stand-in for Request Network that answers its API under {@code /v2}, serves the
 * hosted payment page and delivers signed webhooks, with controls under {@code /sandbox} for tests and demos.
 */
package io.payrecon.sandbox;
