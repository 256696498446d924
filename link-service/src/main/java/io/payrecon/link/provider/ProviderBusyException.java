package io.payrecon.link.provider;

/**
 * Every place for a provider call is taken ({@code links.provider-concurrency}), and none became free within
 * {@code links.provider-permit-wait}: the provider is slow, or many requests need it at once. Nothing was done.
 */
public final class ProviderBusyException extends RuntimeException {

    private final String purpose;

    ProviderBusyException(String purpose, InterruptedException cause) {
        super("No place free to call Request Network for " + purpose, cause);
        this.purpose = purpose;
    }

    public String purpose() {
        return purpose;
    }
}
