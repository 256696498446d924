/** The sandbox clock: real time plus an offset that controls move, so links can expire on demand. */
package io.payrecon.sandbox.clock;
