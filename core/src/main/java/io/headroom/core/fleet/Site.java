package io.headroom.core.fleet;

/** A compute center: one or more halls under one roof and one operations team. */
public record Site(String id, String name) {}
