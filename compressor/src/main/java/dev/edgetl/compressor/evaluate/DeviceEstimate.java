package dev.edgetl.compressor.evaluate;

/**
 * A latency/memory figure for a device profile that was computed, not measured: reports label it "estimate".
 *
 * @param latencyMs estimated p90 latency on the device, or null when no estimate exists
 * @param memoryBytes estimated memory on the device, or null
 * @param basis how the estimate was made
 */
public record DeviceEstimate(String profileId, Double latencyMs, Long memoryBytes, String basis) {}
