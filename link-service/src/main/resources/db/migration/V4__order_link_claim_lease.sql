-- Creation and renewal call the provider outside any database transaction (issue: provider call outside the
-- transaction). Before the call, a short transaction claims the order: link_claim names the request that holds the
-- claim, link_claimed_until is when its lease runs out. A second short transaction stores the link only while the
-- claim is still its own, then clears both columns. Other requests for the order wait meanwhile, without a
-- connection; a claim left by a crashed instance is taken over once its lease has run out.
ALTER TABLE payment_order ADD COLUMN link_claim uuid;
ALTER TABLE payment_order ADD COLUMN link_claimed_until timestamptz;
ALTER TABLE payment_order ADD CONSTRAINT payment_order_claim_has_lease
    CHECK ((link_claim IS NULL) = (link_claimed_until IS NULL));
