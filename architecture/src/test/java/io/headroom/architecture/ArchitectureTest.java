package io.headroom.architecture;

/** The rules of docs/architecture.md over this module's own classes. */
class ArchitectureTest extends HeadroomArchitecture {}
