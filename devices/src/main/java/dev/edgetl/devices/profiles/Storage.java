package dev.edgetl.devices.profiles;

/** Where the model and runtime are stored on the device (kind, e.g. "microSD", "eMMC", "UFS 4.0") and its size. */
public record Storage(String kind, Sourced capacityGb) {}
