-- A poll of a paid order is only made on the slow rung (only a refund can still come) or when an operator asks for it
-- now. ask_if_paid says which polls those are; a poll the ladder scheduled while its order was still open is moved
-- to the slow rung without asking the provider, once the order is paid (Polls.claimDue). Before, every paid order
-- spent one call of the polling quota on its first rung, in the same due-ordered queue as the open orders' polls.
ALTER TABLE polls ADD COLUMN ask_if_paid boolean NOT NULL DEFAULT false;
