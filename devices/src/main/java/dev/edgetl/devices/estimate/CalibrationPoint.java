package dev.edgetl.devices.estimate;

/**
 * One measured latency used to calibrate the estimator: which runtime ran which model (its MACs and dominant data
 * type) on which device with how many threads, and where the figure comes from. {@code peakGmacPerCore} is set when
 * the device is not a catalogue profile (e.g. the host it was measured on), so the efficiency does not depend on
 * the machine that reads the table; {@code architecture} is then required too.
 */
public record CalibrationPoint(
        String runtime,
        String device,
        String model,
        String dtype,
        double macs,
        String macsSource,
        int threads,
        double latencyMs,
        Double peakGmacPerCore,
        String architecture,
        String basis,
        String source) {

    /**
     * What a point's efficiency is relative to: {@code "simd"} (default: the core's peak SIMD MAC rate, right for
     * runtimes with vectorised kernels such as TFLite) or {@code "clock"} (GHz: MACs per cycle, right for scalar code,
     * such as a pure-Java runtime whose kernels the JIT does not vectorise). With {@code "clock"},
     * {@code peakGmacPerCore} holds the clock in GHz.
     */
    public String basisOrDefault() {
        return basis == null ? "simd" : basis;
    }

    /** Achieved GMAC/s. */
    public double achievedGmacs() {
        return macs / (latencyMs * 1e6);
    }
}
