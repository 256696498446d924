-- Fewer index entries written per applied webhook (docs/performance.md, "Reconciler"): each was a random-page
-- b-tree insert in the hot path, for reads that are rare or never happen.
--
-- orders_by_status made every status change a non-HOT update: a new entry in this index and in the primary key
-- for each change. Without it, a change whose row version fits on its page (fillfactor 85, V7) writes no index
-- entry at all. Only the admin API's and the console's listing by status read it; they now walk the primary key
-- in order-id order and filter, which is as fast for the common statuses and a scan of the table for a rare one.
DROP INDEX orders_by_status;

-- status_event_id is a random UUID this reconciler generates for each change: unique by construction, and nothing
-- looks a change up by it. Its unique index was one more random-page insert per status event.
ALTER TABLE order_history DROP CONSTRAINT order_history_status_event_id_key;

-- The polling backlog gauge (every 10 s) counts polls due or held back by the quota ('not polled: ...'). The second
-- kind had no index, so each count scanned every poll and joined every order: with a million orders, seconds of
-- CPU every 10 s. Now both kinds are found by index (polls_due, and this one, which holds only the few held back).
CREATE INDEX polls_not_polled ON polls (next_poll_at) WHERE last_outcome LIKE 'not polled:%';
