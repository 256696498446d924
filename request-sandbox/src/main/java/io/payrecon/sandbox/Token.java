package io.payrecon.sandbox;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The token a payee destination collects in: its symbol (what {@code paymentCurrency} and the webhooks' {@code currency}
 * say) and how many decimals it has (an amount with more is refused, as no transfer can carry it). A destination names
 * its token only by chain id and address ({@code …@eip155:{chainId}#{checksum}:{tokenAddress}}, request-network-api.md
 * §5), so the sandbox knows a few tokens by that pair ({@link #known}); any other is configured with the destination
 * ({@code sandbox.destination-currency} and {@code sandbox.destination-decimals}, or a credential's {@code currency}
 * and {@code decimals}), else the sandbox does not start: guessing a currency would let an amount through that the
 * provider refuses.
 *
 * @param symbol such as {@code USDC}
 * @param decimals such as 6
 */
public record Token(String symbol, int decimals) {

    /** More than any ERC-20 token uses (18 is the usual maximum). */
    static final int MAX_DECIMALS = 36;

    public Token {
        if (symbol == null || symbol.isBlank()) {
            throw new IllegalArgumentException("A token needs a symbol such as USDC");
        }
        if (decimals < 0 || decimals > MAX_DECIMALS) {
            throw new IllegalArgumentException(
                    "A token's decimals must be between 0 and " + MAX_DECIMALS + ", was " + decimals);
        }
        symbol = symbol.strip();
    }

    private record Listed(String chainId, String address, Token token) {}

    /** Tokens the sandbox knows by chain id and contract address (EVM addresses compared without case). */
    private static final List<Listed> KNOWN = List.of(
            // The provider's Sepolia test token, in its documentation's example destination.
            new Listed("11155111", "0x370DE27fdb7D1Ff1e1BaA7D11c5820a324Cf623C", new Token("FAU", 18)),
            // Circle's USDC on Sepolia, Base and Ethereum.
            new Listed("11155111", "0x1c7D4B196Cb0C7B01d743Fbc6116a902379C7238", new Token("USDC", 6)),
            new Listed("8453", "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", new Token("USDC", 6)),
            new Listed("1", "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", new Token("USDC", 6)),
            // Tether's USDT on TRON (chain 728126428 in ERC-7828 form), base58: compared exactly.
            new Listed("728126428", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", new Token("USDT", 6)));

    /** The token at {@code address} on chain {@code chainId}, if the sandbox knows it. */
    public static Optional<Token> known(String chainId, String address) {
        return KNOWN.stream()
                .filter(listed -> listed.chainId().equals(chainId) && sameAddress(listed.address(), address))
                .map(Listed::token)
                .findFirst();
    }

    /** The symbols the sandbox knows, for the startup error that asks for a configured one. */
    static String knownList() {
        return KNOWN.stream()
                .map(listed -> listed.token().symbol() + " " + listed.address() + " on chain " + listed.chainId())
                .toList()
                .toString();
    }

    private static boolean sameAddress(String listed, String address) {
        return listed.startsWith("0x")
                ? listed.toLowerCase(Locale.ROOT).equals(address.toLowerCase(Locale.ROOT))
                : listed.equals(address);
    }
}
