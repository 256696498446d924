-- Renewal and expiry (issue 4). V1 stays as it was deployed; everything here is additive.

-- The link a payer is sent to. Renewal moves it to the new link; earlier links stay, because payments to their
-- request ids still count.
ALTER TABLE payment_order ADD COLUMN current_token text REFERENCES payment_link (token);
UPDATE payment_order o
SET current_token = (SELECT l.token FROM payment_link l WHERE l.order_id = o.order_id AND l.status = 'ACTIVE');

-- Set when the provider answered "already completed" (409) for one of the order's links: the order is paid even
-- if its order.payment-status-changed has not arrived yet.
ALTER TABLE payment_order ADD COLUMN provider_completed_at timestamptz;

-- previous_token: the link this one replaced (null for an order's first link).
-- expired_at: when payment-link.expired was appended for it (status EXPIRED); null otherwise.
-- status: ACTIVE (payable until expires_at), EXPIRED (its expiry was announced, exactly once),
--         SETTLED (the order was paid before the link expired: no expiry is announced).
ALTER TABLE payment_link ADD COLUMN previous_token text REFERENCES payment_link (token);
ALTER TABLE payment_link ADD COLUMN expired_at timestamptz;
ALTER TABLE payment_link ADD CONSTRAINT payment_link_status CHECK (status IN ('ACTIVE', 'EXPIRED', 'SETTLED'));

-- What the expiry sweep looks for: active links by expiry time.
CREATE INDEX payment_link_due ON payment_link (expires_at) WHERE status = 'ACTIVE';

-- The last order.payment-status-changed seen per order (orders.payment-status.v1). sequence grows by one per change
-- of an order; an event whose sequence is not newer than the stored one changes nothing, so redeliveries, replays
-- and reordering are harmless. No foreign key: the log is the authority, and it may be replayed into an empty table.
CREATE TABLE order_payment_status (
    order_id         text PRIMARY KEY,
    status           text        NOT NULL,
    paid_amount      numeric     NOT NULL CHECK (paid_amount >= 0),
    expected_amount  numeric,
    currency         text,
    sequence         bigint      NOT NULL,
    event_id         uuid        NOT NULL,
    occurred_at      timestamptz NOT NULL,
    received_at      timestamptz NOT NULL
);
