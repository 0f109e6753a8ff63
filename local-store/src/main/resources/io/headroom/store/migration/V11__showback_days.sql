-- The agents' daily usage by tenant, account, user, pool and model, as last fetched: the Showback
-- page and its reports offline. A cache, not the source of truth: each fetch replaces its days.
CREATE TABLE showback_day (
    grouping      VARCHAR(16) NOT NULL,
    day_millis    BIGINT NOT NULL,
    group_key     VARCHAR(500) NOT NULL,
    accelerators  INT NOT NULL,
    busy_s        BIGINT NOT NULL,
    held_idle_s   BIGINT NOT NULL,
    free_idle_s   BIGINT NOT NULL,
    drained_s     BIGINT NOT NULL,
    faulted_s     BIGINT NOT NULL,
    unknown_s     BIGINT NOT NULL,
    uncovered_s   BIGINT NOT NULL,
    peak_tflops   DOUBLE PRECISION NOT NULL,
    fetched_millis BIGINT NOT NULL,
    PRIMARY KEY (grouping, day_millis, group_key)
);
