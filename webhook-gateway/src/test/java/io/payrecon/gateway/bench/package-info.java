/** The gateway's load benchmark (test sources only): open-loop, signed, measured from the intended send time. */
package io.payrecon.gateway.bench;
