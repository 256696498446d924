package io.payrecon.reconciler.intake;

/**
 * Fetch settings of the listeners of the topics with a record now and then (link events: one an order; provider
 * observations: the poller's few a second), overriding application.yml's, which are the webhooks': a fetch returns
 * as soon as one record is there, and an idle consumer asks the broker twice a second. With the webhooks' settings
 * (wait up to 20 ms for 64 KB) each of their six idle consumers fetched about 47 times a second, empty, at a cost to the
 * broker and the reconciler paid by every webhook. A consumer that is behind gets full fetches either way.
 */
final class LowVolumeFetch {

    static final String MIN_BYTES = "fetch.min.bytes=1";
    static final String MAX_WAIT = "fetch.max.wait.ms=500";

    private LowVolumeFetch() {}
}
