/** Who may call the sandbox's provider API: the configured API keys and client ids, checked like the provider. */
package io.payrecon.sandbox.credential;
