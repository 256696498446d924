-- Link events processed, by event id: a redelivery inserts nothing and changes nothing.
CREATE TABLE link_events (
    event_id     uuid PRIMARY KEY,
    type         text        NOT NULL,
    order_id     text        NOT NULL,
    outcome      text        NOT NULL,
    reason       text,
    processed_at timestamptz NOT NULL
);

-- Provider deliveries, by the provider's delivery id (the same on every retry), with what became of each.
CREATE TABLE webhook_deliveries (
    delivery_id text PRIMARY KEY,
    event_id    uuid        NOT NULL,
    event       text,
    request_id  text,
    test        boolean     NOT NULL,
    outcome     text        NOT NULL,
    order_id    text,
    reason      text,
    received_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL,
    settled_at  timestamptz
);
CREATE INDEX webhook_deliveries_by_request ON webhook_deliveries (request_id);

-- Each payment counted once, by business key: the core, .client_id and .checkout deliveries of one settlement
-- share request id, kind and transaction hash (the delivery id stands in for reports without a transaction).
CREATE TABLE counted_payments (
    request_id  text        NOT NULL,
    kind        text        NOT NULL,
    payment_ref text        NOT NULL,
    order_id    text        NOT NULL,
    delivery_id text        NOT NULL,
    counted_at  timestamptz NOT NULL,
    PRIMARY KEY (request_id, kind, payment_ref)
);

-- Webhooks whose request id was not known yet, kept whole (the webhook.received event) until their link arrives.
CREATE TABLE parked_webhooks (
    parked_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id text        NOT NULL UNIQUE,
    request_id  text        NOT NULL,
    event       bytea       NOT NULL,
    parked_at   timestamptz NOT NULL
);
CREATE INDEX parked_webhooks_by_request ON parked_webhooks (request_id);

-- Records that cannot be applied as they are, kept whole with the reason, one row per position on the log.
CREATE TABLE dead_letters (
    dead_letter_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_topic     text        NOT NULL,
    source_partition int         NOT NULL,
    source_offset    bigint      NOT NULL,
    record_key       text,
    event_id         uuid,
    delivery_id      text,
    reason           text        NOT NULL,
    value            bytea,
    recorded_at      timestamptz NOT NULL,
    UNIQUE (source_topic, source_partition, source_offset)
);
