-- An order as link-service knows it: what it must be paid, to whom, and the merchant's metadata. Its row is the
-- per-order claim and lock: every create or (later) renewal for the order locks it first.
CREATE TABLE payment_order (
    order_id          text PRIMARY KEY,
    amount            numeric     NOT NULL CHECK (amount > 0),
    destination_id    text,
    payee             text,
    invoice_currency  text,
    payment_currency  text,
    reference         text        NOT NULL,
    payer_identifier  text,
    redirect_url      text,
    redirect_label    text,
    metadata          jsonb       NOT NULL DEFAULT '{}',
    created_at        timestamptz NOT NULL
);

-- Each secure payment link the provider created for an order. One is ACTIVE at a time; renewal (a later
-- version) keeps the previous ones, because payments to their request ids still count.
CREATE TABLE payment_link (
    token               text PRIMARY KEY,
    order_id            text        NOT NULL REFERENCES payment_order (order_id),
    secure_payment_url  text        NOT NULL,
    request_ids         text[]      NOT NULL,
    amount              numeric     NOT NULL CHECK (amount > 0),
    fee_plan            jsonb,
    status              text        NOT NULL,
    created_at          timestamptz NOT NULL,
    expires_at          timestamptz NOT NULL
);

CREATE UNIQUE INDEX payment_link_one_active_per_order ON payment_link (order_id) WHERE status = 'ACTIVE';
CREATE INDEX payment_link_by_order ON payment_link (order_id, created_at DESC);
