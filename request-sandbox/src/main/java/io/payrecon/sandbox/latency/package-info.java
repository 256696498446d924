/**
 * The provider API's latency: create and read calls wait a time drawn from a log-normal distribution, as a round trip
 * to a distant API would, after their credential was checked.
 */
package io.payrecon.sandbox.latency;
