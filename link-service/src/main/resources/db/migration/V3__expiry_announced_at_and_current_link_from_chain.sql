-- V2 stays as it was deployed; this corrects two of its names and shapes.

-- expired_at held when payment-link.expired was appended for the link, not when the link expired (that is
-- expires_at, which payment-link.expired carries as expiredAt). Named for what it holds.
ALTER TABLE payment_link RENAME COLUMN expired_at TO expiry_announced_at;

-- current_token repeated what the links say already: an order's current link is the one no later link replaced
-- (previous_token). One place for it, so the two cannot disagree. A link is replaced at most once, which keeps each
-- order's links one chain with one head; the index also serves the look-up of a link's successor.
ALTER TABLE payment_order DROP COLUMN current_token;
CREATE UNIQUE INDEX payment_link_replaced_once ON payment_link (previous_token);
