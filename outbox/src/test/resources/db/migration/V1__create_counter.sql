-- The test application's own table: the outbox must baseline next to it and keep its own history.
CREATE TABLE app_counter (
    counter_key text PRIMARY KEY,
    value       bigint NOT NULL
);
