package io.headroom.core.fleet;

/** A data hall: rows of racks sharing cooling. */
public record Hall(String id, String siteId, String name) {}
