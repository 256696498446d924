-- The full transition table: refunds, link expiry and renewal, provider observations, and the polling fallback.

-- What was refunded, and which link is the order's current one (a late payment-link.expired of an earlier link
-- must not expire it).
ALTER TABLE orders
    ADD COLUMN refunded_amount numeric     NOT NULL DEFAULT 0,
    ADD COLUMN link_token      text,
    ADD COLUMN link_expires_at timestamptz;

-- Per request id: what was refunded, and when the link it belongs to expires (money arriving later raises
-- paidAfterExpiry).
ALTER TABLE order_requests
    ADD COLUMN refunded_amount numeric     NOT NULL DEFAULT 0,
    ADD COLUMN expires_at      timestamptz;

ALTER TABLE order_history
    ADD COLUMN refunded_amount numeric NOT NULL DEFAULT 0;

-- Operators list webhooks parked for longer than reconciler.parked-alert-age.
CREATE INDEX parked_webhooks_by_age ON parked_webhooks (parked_at);

CREATE INDEX dead_letters_by_time ON dead_letters (recorded_at);

-- Provider observations processed, by event id: a redelivery or replay inserts nothing and changes nothing.
CREATE TABLE provider_observations (
    event_id    uuid PRIMARY KEY,
    request_id  text        NOT NULL,
    order_id    text,
    outcome     text        NOT NULL,
    reason      text,
    observed_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL
);

-- The polling ladder: one row per request id of an order, polled at next_poll_at until the order is settled or
-- poll_until (the link's expiry plus the grace period) has passed. Due rows are claimed with FOR UPDATE SKIP LOCKED.
CREATE TABLE polls (
    request_id     text PRIMARY KEY,
    order_id       text        NOT NULL,
    since          timestamptz NOT NULL,
    poll_until     timestamptz NOT NULL,
    next_poll_at   timestamptz NOT NULL,
    attempts       int         NOT NULL DEFAULT 0,
    last_polled_at timestamptz,
    last_outcome   text
);
CREATE INDEX polls_due ON polls (next_poll_at);
