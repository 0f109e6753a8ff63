package io.headroom.core.history;

/** The groups a console keeps hours of (Idle by hour's rows, the card-hours' halls). */
public enum GroupKind {
    HALL,
    RACK,
    POOL,
    TENANT
}
