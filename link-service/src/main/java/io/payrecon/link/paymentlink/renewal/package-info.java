/**
 * Where a payer goes: the order's payable link, a new link for what is left to pay once the current one expired
 * ({@code payment-link.expired}, then {@code payment-link.renewed}), or nowhere because the order is paid.
 */
package io.payrecon.link.paymentlink.renewal;
