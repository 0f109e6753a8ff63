-- An hour's group rows are summed over every source that answered for it (WHERE kind = ? AND period = ?),
-- and hours past their retention go by period: without this index each of those read every source's
-- every hour, so a 30-day backfill slowed down hour by hour as the table filled.
CREATE INDEX group_hour_source_by_period ON group_hour_source (period, kind);
