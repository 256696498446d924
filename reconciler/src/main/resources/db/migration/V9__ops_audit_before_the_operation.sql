-- Named operators (issue 16): an operation's audit entry is written before the operation runs, outcome 'started',
-- and completed with its outcome afterwards, so an operation the audit log cannot record does not happen. An entry
-- still 'started' with no finished_at is one whose outcome was never recorded: the process stopped, or the database
-- refused the second write, while it ran. `operator` is now the authenticated operator's name from ADMIN_OPERATORS;
-- entries written before this version name whoever the caller said it was (the X-Operator header).
ALTER TABLE ops_audit ADD COLUMN finished_at timestamptz;
-- Before, an entry was written once the operation had ended.
UPDATE ops_audit SET finished_at = at;
