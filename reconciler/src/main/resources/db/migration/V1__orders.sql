-- Orders and their payment status. Amounts are numeric without a fixed scale: what the provider sent, exactly.
CREATE TABLE orders (
    order_id        text PRIMARY KEY,
    status          text        NOT NULL,
    expected_amount numeric     NOT NULL,
    paid_amount     numeric     NOT NULL,
    currency        text,
    flags           text[]      NOT NULL DEFAULT '{}',
    -- 0 when opened (no status event), then the sequence of the order's last order.payment-status-changed:
    -- 1, 2, 3, ... with no gaps
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

-- The order's opening (sequence 0) and every change after it, with what caused it. Each row after the opening is
-- one order.payment-status-changed emitted, with that sequence.
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
    -- the order.payment-status-changed this row emitted; null for the opening row (sequence 0), which emits none
    status_event_id uuid        UNIQUE,
    occurred_at     timestamptz NOT NULL,
    PRIMARY KEY (order_id, sequence),
    CONSTRAINT order_history_status_event_after_opening CHECK ((sequence = 0) = (status_event_id IS NULL))
);
