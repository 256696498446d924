-- One quota per provider credential, shared by every app and instance that calls the provider with it.
-- The credential is named by a hash of its value (never the value itself).

-- The credential's standing: no call before blocked_until (set when the provider answered 429); strikes counts the
-- 429s in a row, for the doubling backoff. Its row is also the lock that serialises taking from the quota.
CREATE TABLE credentials (
    credential    text        PRIMARY KEY,
    blocked_until timestamptz NOT NULL DEFAULT 'epoch',
    strikes       integer     NOT NULL DEFAULT 0
);

-- Calls made, per credential and second (database time), by use: the quota is the sum over the last minute.
CREATE TABLE calls (
    credential text        NOT NULL REFERENCES credentials ON DELETE CASCADE,
    second     timestamptz NOT NULL,
    checkout   integer     NOT NULL DEFAULT 0,
    polling    integer     NOT NULL DEFAULT 0,
    PRIMARY KEY (credential, second)
);

-- Where each app has its own login role (docker/postgres/init-schemas.sh), the schema belongs to the group role
-- provider_quota that both are members of: whichever app migrates first hands what it created to that role, so the
-- other can use it. Without that role (one user for everything, as in devstack) there is nothing to hand over.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'provider_quota') THEN
        ALTER TABLE credentials OWNER TO provider_quota;
        ALTER TABLE calls OWNER TO provider_quota;
        ALTER TABLE provider_quota_schema_history OWNER TO provider_quota;
    END IF;
END
$$;
