/** The hosted payment page at {@code securePaymentUrl}: plain server-rendered HTML with a simulated wallet. */
package io.payrecon.sandbox.page;
