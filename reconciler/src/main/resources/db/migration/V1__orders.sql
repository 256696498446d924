-- Orders and their payment status. Amounts are numeric without a fixed scale: what the provider sent, exactly.
CREATE TABLE orders (
    order_id        text PRIMARY KEY,
    status          text        NOT NULL,
    expected_amount numeric     NOT NULL,
    paid_amount     numeric     NOT NULL,
    currency        text,
    flags           text[]      NOT NULL DEFAULT '{}',
    -- the sequence of the order's last order.payment-status-changed: 1, 2, 3, ... with no gaps
    sequence        bigint      NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX orders_by_status ON orders (status, order_id);

-- Which order a provider request id pays; paid_amount is the highest total the provider reported for it.
CREATE TABLE order_requests (
    request_id     text PRIMARY KEY,
    order_id       text        NOT NULL REFERENCES orders (order_id),
    paid_amount    numeric     NOT NULL,
    cause_event_id uuid        NOT NULL,
    added_at       timestamptz NOT NULL,
    position       bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX order_requests_by_order ON order_requests (order_id, position);

-- Every status change, with what caused it; one row per order.payment-status-changed emitted.
CREATE TABLE order_history (
    order_id        text        NOT NULL REFERENCES orders (order_id),
    sequence        bigint      NOT NULL,
    from_status     text,
    to_status       text        NOT NULL,
    expected_amount numeric     NOT NULL,
    paid_amount     numeric     NOT NULL,
    currency        text,
    flags           text[]      NOT NULL,
    cause_event_id  uuid        NOT NULL,
    cause_kind      text        NOT NULL,
    delivery_id     text,
    status_event_id uuid        NOT NULL UNIQUE,
    occurred_at     timestamptz NOT NULL,
    PRIMARY KEY (order_id, sequence)
);
