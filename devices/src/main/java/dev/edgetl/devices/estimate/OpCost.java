package dev.edgetl.devices.estimate;

/**
 * The work of one operator: multiply-accumulates, the bytes it reads and writes (activations and weights),
 * and whether its MACs run on int8 data (quantised weights and activations) or in float.
 */
public record OpCost(int index, String op, long macs, long bytes, boolean int8) {}
