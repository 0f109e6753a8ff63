package io.headroom.core.alerts;

/** What an incident is about, from the narrowest cause to the widest. */
public enum IncidentScope {
    /** One GPU (or MIG slice): an XID, fallen off the bus, ECC, too hot on its own. */
    GPU,
    /** One node: its agent is down or cut off, so all its GPUs went quiet. */
    NODE,
    /** One rack: hot inlet air (and the GPUs throttling in it) or power near its budget. */
    RACK
}
