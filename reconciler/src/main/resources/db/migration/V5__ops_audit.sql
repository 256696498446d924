-- Operations: every admin operation is written to an audit log (who, when, what, outcome), and dead letters keep
-- what operators did with them (V5, not V4: V4 is left to the metrics work going on at the same time).
CREATE TABLE ops_audit (
    audit_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    operator  text        NOT NULL,
    at        timestamptz NOT NULL,
    command   text        NOT NULL,
    arguments jsonb       NOT NULL,
    outcome   text        NOT NULL
);
CREATE INDEX ops_audit_by_time ON ops_audit (at);

-- PENDING until an operator retries it (its bytes and key re-injected into the source topic) or discards it
-- (with a reason); each happens at most once.
ALTER TABLE dead_letters
    ADD COLUMN state         text NOT NULL DEFAULT 'PENDING',
    ADD COLUMN settled_by    text,
    ADD COLUMN settled_at    timestamptz,
    ADD COLUMN settle_reason text;
