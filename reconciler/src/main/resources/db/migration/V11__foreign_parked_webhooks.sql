-- A parked webhook whose request id got no link of ours within reconciler.parked.foreign-after is foreign: marked
-- here (never deleted: its link may still come, and then it is applied), and no longer waited for. Stale-parking
-- counts and lists only the ones still waited for, by age: a partial index, as foreign ones pile up for good.
ALTER TABLE parked_webhooks ADD COLUMN foreign_at timestamptz;
CREATE INDEX parked_webhooks_waiting_by_age ON parked_webhooks (parked_at) WHERE foreign_at IS NULL;
