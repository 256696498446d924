package io.payrecon.sandbox;

import io.payrecon.requestclient.Destination;
import java.util.Optional;

/**
 * The token a payee destination collects in: its symbol (what {@code paymentCurrency} and the webhooks' {@code currency}
 * say) and how many decimals it has (an amount with more is refused, as no transfer can carry it). A destination names
 * its token only by chain id and address ({@code …@eip155:{chainId}#{checksum}:{tokenAddress}}, request-network-api.md
 * §5), so the sandbox knows a few tokens by that pair ({@link #known}, the table request-client's {@link Destination}
 * keeps for both sides); any other is configured with the destination
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

    /** The token at {@code address} on chain {@code chainId}, if the sandbox knows it (request-client's table). */
    public static Optional<Token> known(String chainId, String address) {
        return Destination.knownToken(chainId, address).map(token -> new Token(token.symbol(), token.decimals()));
    }

    /** The tokens the sandbox knows, for the startup error that asks for a configured one. */
    static String knownList() {
        return Destination.knownTokens();
    }
}
