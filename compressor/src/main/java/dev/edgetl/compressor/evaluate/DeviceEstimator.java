package dev.edgetl.compressor.evaluate;

import java.util.Set;

/**
 * Device latency/memory estimates for budgets. The devices module (profiles, calibrated estimator) plugs in
 * here; until it is wired, {@link #hostOnly()} knows only the host, where the measurement itself is used.
 */
public interface DeviceEstimator {
    Set<String> knownProfiles();

    default boolean knows(String profileId) {
        return knownProfiles().contains(profileId);
    }

    /** The estimate for {@code model} on {@code profileId}; {@code hostP90Ms} is this host's measurement. */
    DeviceEstimate estimate(String profileId, byte[] model, double hostP90Ms);

    String HOST = "host";

    /**
     * Minimal estimator: the profile "host" only, which needs no estimate (budgets are judged on the host
     * measurement). Other profiles come with the devices module's estimator.
     */
    static DeviceEstimator hostOnly() {
        return new DeviceEstimator() {
            @Override
            public Set<String> knownProfiles() {
                return Set.of(HOST);
            }

            @Override
            public DeviceEstimate estimate(String profileId, byte[] model, double hostP90Ms) {
                if (!HOST.equals(profileId)) {
                    throw new IllegalArgumentException("unknown device profile '" + profileId + "' (known: host)");
                }
                return new DeviceEstimate(profileId, null, null, "host: measured, no estimate needed");
            }
        };
    }
}
