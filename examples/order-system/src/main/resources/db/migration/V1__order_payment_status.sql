-- Each order's payment status as this order system knows it: the last order.payment-status-changed applied, by
-- sequence. An event carries the order's whole state, so one row per order is all it takes.
CREATE TABLE order_payment_status (
    order_id        text PRIMARY KEY,
    -- as received, also a status this service does not know yet (docs/consumers.md, "Unknown values")
    status          text        NOT NULL,
    -- the last status this service knows: what business decisions read; null until it has seen one
    known_status    text,
    sequence        bigint      NOT NULL,
    expected_amount numeric     NOT NULL,
    paid_amount     numeric     NOT NULL,
    refunded_amount numeric     NOT NULL,
    currency        text        NOT NULL,
    flags           text[]      NOT NULL,
    last_event_id   uuid        NOT NULL,
    -- the topic the row was last written from: the changes topic, or the compacted one while bootstrapping
    applied_from    text        NOT NULL,
    updated_at      timestamptz NOT NULL
);

-- Events whose sequence was more than one above the one held: the events between were missed (started after their
-- retention, or restored an old backup). The state is right again; the history in between is the reconciler's.
CREATE TABLE status_gaps (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id          text        NOT NULL,
    expected_sequence bigint      NOT NULL,
    received_sequence bigint      NOT NULL,
    event_id          uuid        NOT NULL,
    recorded_at       timestamptz NOT NULL
);

-- Records that are not a readable event (not JSON, or without the fields every event has): logged, kept here, skipped.
CREATE TABLE skipped_records (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic       text        NOT NULL,
    partition   integer     NOT NULL,
    "offset"    bigint      NOT NULL,
    reason      text        NOT NULL,
    record_key  text,
    value       bytea,
    recorded_at timestamptz NOT NULL
);

-- Each bootstrap from the compacted topic (docs/consumers.md, "Bootstrap").
CREATE TABLE bootstrap_runs (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    t0           timestamptz NOT NULL,
    records_read bigint      NOT NULL,
    orders_after bigint      NOT NULL,
    -- where the group starts on the changes topic, per partition it had no committed offset for: {"0": 42, ...}
    changes_from text        NOT NULL,
    finished_at  timestamptz NOT NULL
);
