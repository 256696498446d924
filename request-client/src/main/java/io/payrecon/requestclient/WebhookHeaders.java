package io.payrecon.requestclient;

/**
 * The headers of a provider webhook delivery (request-network-api.md §4). Names are lower-case, as HTTP/2 sends them
 * and as the gateway keeps them in {@code webhook.received}.
 */
public final class WebhookHeaders {

    /** Every provider header starts with this. */
    public static final String PREFIX = "x-request-network-";

    /** Lower-case hex HMAC-SHA256 of the raw body: see {@link WebhookSignature}. */
    public static final String SIGNATURE = PREFIX + "signature";

    /** The delivery's id, the same on every retry of one delivery: see {@link DeliveryIds}. */
    public static final String DELIVERY = PREFIX + "delivery";

    /** The attempt number: 0, then 1, 2, 3 on the retries 1, 5 and 15 s later. */
    public static final String RETRY_COUNT = PREFIX + "retry-count";

    /** {@code true} on deliveries sent from the dashboard's test button: recorded, never applied. */
    public static final String TEST = PREFIX + "test";

    private WebhookHeaders() {}
}
