package io.headroom.core.fleet;

/** Who made an accelerator. The domestic vendors are those Chinese compute centres run beside NVIDIA and AMD. */
public enum Vendor {
    NVIDIA,
    AMD,
    OTHER,
    HUAWEI,
    HYGON,
    CAMBRICON,
    KUNLUNXIN
}
