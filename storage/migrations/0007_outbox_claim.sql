-- Claiming due outbox rows walks this index: pending, urgent ones first, oldest first,
-- and stops after a batch (without it every claim sorted all pending rows).
CREATE INDEX outbox_claim ON outbox (status, urgent, due_at, id);
