/**
 * Announcing expiries: a scheduled sweep marks unpaid links past their expiry expired, with their
 * {@code payment-link.expired}, once each across instances; links of paid orders are retired without an event.
 */
package io.payrecon.link.paymentlink.expiry;
