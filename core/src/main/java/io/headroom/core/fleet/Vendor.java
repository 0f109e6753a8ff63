package io.headroom.core.fleet;

public enum Vendor {
    NVIDIA,
    AMD,
    OTHER
}
