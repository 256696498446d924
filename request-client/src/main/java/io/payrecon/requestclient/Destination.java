package io.payrecon.requestclient;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A payee destination (request-network-api.md §5): {@code {wallet}@eip155:{chainId}#{checksum}:{tokenAddress}}, one
 * string naming the payee's wallet, chain and token. The value is opaque (the provider computes the checksum): only
 * its shape is checked and its parts read, never recomputed.
 *
 * @param id the whole value, as copied from the provider's dashboard
 * @param wallet the payee's address
 * @param chainId the EIP-155 chain id
 * @param tokenAddress the token's contract address on that chain
 */
public record Destination(String id, String wallet, String chainId, String tokenAddress) {

    /** The shape of a destination id. */
    public static final Pattern SHAPE = Pattern.compile("([^@\\s:]+)@eip155:(\\d+)#[0-9A-Fa-f]{8}:([A-Za-z0-9]+)");

    /** Chain ids by the network names the provider uses in currencies such as {@code USDC-base}. */
    private static final Map<String, String> NETWORKS = Map.of(
            "1", "mainnet",
            "11155111", "sepolia",
            "8453", "base",
            "10", "optimism",
            "42161", "arbitrum-one",
            "137", "matic",
            "56", "bsc",
            "728126428", "tron");

    /**
     * Tokens whose symbol and decimals are known, by chain id and token address (EVM addresses lower-cased; TRON's
     * base58 ones as they are): what the provider's test network and the usual stablecoins use.
     */
    private static final Map<String, Token> TOKENS = Map.of(
            // the provider's Sepolia test token, in its documentation's example destination
            "11155111:0x370de27fdb7d1ff1e1baa7d11c5820a324cf623c", new Token("FAU", 18),
            // Circle's USDC on Sepolia, Base and Ethereum
            "11155111:0x1c7d4b196cb0c7b01d743fbc6116a902379c7238", new Token("USDC", 6),
            "8453:0x833589fcd6edb6e08f4c7c32d4f71b54bda02913", new Token("USDC", 6),
            "1:0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48", new Token("USDC", 6),
            // Tether's USDT on Ethereum and on TRON (chain 728126428 in ERC-7828 form)
            "1:0xdac17f958d2ee523a2206206994597c13d831ec7", new Token("USDT", 6),
            "728126428:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", new Token("USDT", 6));

    /** The token at {@code address} on chain {@code chainId}, when it is one whose symbol and decimals are known. */
    public static Optional<Token> knownToken(String chainId, String address) {
        String key = address.startsWith("0x") ? address.toLowerCase(Locale.ROOT) : address;
        return Optional.ofNullable(TOKENS.get(chainId + ":" + key));
    }

    /** The known tokens, for a message that asks for another one's symbol and decimals. */
    public static String knownTokens() {
        return TOKENS.entrySet().stream()
                .map(entry -> entry.getValue().symbol() + " "
                        + entry.getKey().substring(entry.getKey().indexOf(':') + 1) + " on chain "
                        + entry.getKey().substring(0, entry.getKey().indexOf(':')))
                .sorted()
                .toList()
                .toString();
    }

    /** A token: its symbol and how many decimals an amount in it may have. */
    public record Token(String symbol, int decimals) {
        public Token {
            Objects.requireNonNull(symbol, "symbol");
            if (decimals < 0 || decimals > 36) {
                throw new IllegalArgumentException("decimals must be 0..36, was " + decimals);
            }
        }
    }

    /**
     * Reads a destination id.
     *
     * @throws IllegalArgumentException when it does not have the shape of one
     */
    public static Destination parse(String id) {
        Matcher parts = SHAPE.matcher(id == null ? "" : id.strip());
        if (!parts.matches()) {
            throw new IllegalArgumentException("A destination id looks like {wallet}@eip155:{chainId}#{checksum}:"
                    + "{tokenAddress}, copied from the Request Network dashboard; got '" + id + "'");
        }
        return new Destination(parts.group(0), parts.group(1), parts.group(2), parts.group(3));
    }

    /** The provider's name for the chain, such as {@code base}; {@code eip155:<id>} for a chain we do not name. */
    public String network() {
        return NETWORKS.getOrDefault(chainId, "eip155:" + chainId);
    }

    /** The token, when it is one whose symbol and decimals are known. */
    public Optional<Token> knownToken() {
        return knownToken(chainId, tokenAddress);
    }
}
