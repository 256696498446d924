-- An operator may discard a parked webhook (the console's Parked page): it is not deleted but kept, marked with who
-- discarded it, when and why, and from then on never applied by the reconciler on its own: a link that brings its
-- request id leaves it parked, the foreign check and the parked retry skip it. Its delivery is recorded IGNORED with
-- that reason (webhook_deliveries), so a redelivery of it changes nothing either.
ALTER TABLE parked_webhooks
    ADD COLUMN discarded_at timestamptz,
    ADD COLUMN discarded_by text,
    ADD COLUMN discard_reason text;
DROP INDEX parked_webhooks_waiting_by_age;
CREATE INDEX parked_webhooks_waiting_by_age ON parked_webhooks (parked_at)
    WHERE foreign_at IS NULL AND discarded_at IS NULL;

-- A dead letter's original headers (name -> value as text, or "base64:" and the bytes when they are not UTF-8), for
-- operators to see the record whole (the console's dead-letter page, GET /admin/dlt/{id}); null for those recorded
-- before.
ALTER TABLE dead_letters ADD COLUMN headers jsonb;
