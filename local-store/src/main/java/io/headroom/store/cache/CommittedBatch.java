package io.headroom.store.cache;

import java.time.Instant;

/**
 * One save that reached the disk: inventory changes, closed minutes and latest samples.
 *
 * @param number      counts saves over the store's life; a restore brings back the highest one committed
 * @param savedAt     the writer's clock when it was taken
 * @param changed     accelerators, nodes and racks whose latest sample changed since the previous save
 * @param lastMinute  the newest history minute written in it (minutes since the epoch), or -1
 */
public record CommittedBatch(long number, Instant savedAt, int changed, int lastMinute) {}
