-- Reclaim actions (notify the owner, requeue, cancel, evict) name a workload, not only a node.
ALTER TABLE outbox ADD COLUMN workload_id VARCHAR(512);
ALTER TABLE outbox ADD COLUMN note VARCHAR(4000);
