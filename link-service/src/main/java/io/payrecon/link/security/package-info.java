/** API key authentication of {@code /api/**}: keys kept only as SHA-256 hashes, compared in constant time. */
package io.payrecon.link.security;
