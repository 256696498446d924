-- A poll of a paid order is only made on the slow rung (only a refund can still come) or when an operator asks for it
-- now. ask_if_paid says which polls those are; a poll the ladder scheduled while its order was still open is moved
-- to the slow rung without asking the provider, once the order is paid (Polls.claimDue). Before, every paid order
-- spent one call of the polling quota on its first rung, in the same due-ordered queue as the open orders' polls.
-- Polls scheduled before this version keep being asked as before (true: a slow-rung poll, an operator's request or one
-- held back by the quota must not be moved another day); those scheduled from now on say which they are.
ALTER TABLE polls ADD COLUMN ask_if_paid boolean NOT NULL DEFAULT true;
ALTER TABLE polls ALTER COLUMN ask_if_paid SET DEFAULT false;
