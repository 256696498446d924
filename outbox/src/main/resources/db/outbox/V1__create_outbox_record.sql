-- Events waiting to be published. A row lives from the caller's commit until the broker acknowledged it.
-- id gives the publication order; appends for one key are serialised (advisory lock), so per key it is
-- the commit order.
CREATE TABLE outbox_record (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic       text        NOT NULL,
    record_key  text        NOT NULL,
    event_id    uuid        NOT NULL UNIQUE,
    event_type  text        NOT NULL,
    headers     jsonb       NOT NULL,
    payload     bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
