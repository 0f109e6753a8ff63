package io.headroom.app;

import io.headroom.architecture.HeadroomArchitecture;

/** The rules of docs/architecture.md over this module's own classes. */
class ArchitectureTest extends HeadroomArchitecture {}
