-- event_id is a random UUID the appending service generates for each record: unique by construction, never looked
-- up (the relay reads by id, consumers deduplicate by the event id in the record). Its unique index cost a
-- random-page b-tree insert per record appended and an entry to clean up after each delete.
ALTER TABLE outbox_record DROP CONSTRAINT outbox_record_event_id_key;
