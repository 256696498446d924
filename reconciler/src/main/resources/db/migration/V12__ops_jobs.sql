-- Long operations as jobs (issue 20, part 3): a replay, a republish or a rebuild is a row here, queued by the admin
-- API and run by a worker of any reconciler instance (claimed FOR UPDATE SKIP LOCKED). A running job writes its
-- progress, heartbeat and checkpoint after every page, each in a statement of its own; a job whose heartbeat stopped
-- (its instance died) is marked interrupted by any instance, and can be resumed from its checkpoint. Owned by
-- admin/jobs/JobStore. V13 is the operator console's.
CREATE TABLE ops_jobs (
    job_id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind             text        NOT NULL CHECK (kind IN ('replay', 'republish', 'rebuild')),
    dry_run          boolean     NOT NULL,
    parameters       jsonb       NOT NULL,
    state            text        NOT NULL
        CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
    operator         text        NOT NULL,
    created_at       timestamptz NOT NULL,
    -- when the current (or last) run began, and how much was done then: the rate counts this run's work only
    started_at       timestamptz,
    started_done     bigint      NOT NULL DEFAULT 0,
    finished_at      timestamptz,
    heartbeat_at     timestamptz,
    done             bigint      NOT NULL DEFAULT 0,
    -- an estimate, null until known
    total            bigint,
    -- where a resume continues; null: from the start
    checkpoint       jsonb,
    -- the report, bounded (lists are cut at 1000 entries, counts are whole)
    result           jsonb,
    error            text,
    cancel_requested boolean     NOT NULL DEFAULT false,
    -- the instance running it (or that last ran it)
    instance         text,
    -- which claim of the job this is, counted up by every claim: a worker's every write (progress, heartbeat, end)
    -- matches the attempt it claimed, so a worker whose job was swept, resumed and claimed again (even on the same
    -- instance) writes nothing more and stops
    attempt          integer     NOT NULL DEFAULT 0,
    -- on a dry run: the job that runs it for real, once one was started from it (the console starts one only)
    real_job_id      bigint      REFERENCES ops_jobs (job_id),
    audit_id         bigint
);
CREATE INDEX ops_jobs_queued ON ops_jobs (job_id) WHERE state = 'queued';
CREATE INDEX ops_jobs_running ON ops_jobs (heartbeat_at) WHERE state = 'running';
