package dev.edgetl.devices.estimate;

import java.util.List;
import java.util.Locale;

/**
 * An estimate (never a measurement) of one inference's latency and the process's peak memory on a device, with the
 * band the calibration supports and the measurements it rests on.
 */
public record Estimate(
        String device,
        String runtime,
        int threads,
        double latencyMs,
        double latencyLowMs,
        double latencyHighMs,
        long peakMemoryBytes,
        long peakMemoryLowBytes,
        long peakMemoryHighBytes,
        long macs,
        String dominantDtype,
        List<String> basis,
        List<String> notes) {

    public String latencyText() {
        return String.format(Locale.ROOT, "estimate %.1f ms (band %.1f-%.1f ms)", latencyMs, latencyLowMs, latencyHighMs);
    }

    public String memoryText() {
        return String.format(Locale.ROOT, "estimate %.1f MB peak (band %.1f-%.1f MB)",
                peakMemoryBytes / 1e6, peakMemoryLowBytes / 1e6, peakMemoryHighBytes / 1e6);
    }

    /** Where a measured latency falls: "within the estimate's band", or how far outside. */
    public String compare(double measuredMs) {
        if (measuredMs >= latencyLowMs && measuredMs <= latencyHighMs) {
            return String.format(Locale.ROOT, "measured %.2f ms is within the estimate's band (%.1f-%.1f ms, estimate %.1f ms)",
                    measuredMs, latencyLowMs, latencyHighMs, latencyMs);
        }
        return String.format(Locale.ROOT, "measured %.2f ms is %s the estimate's band (%.1f-%.1f ms, estimate %.1f ms): %.2fx the estimate",
                measuredMs, measuredMs < latencyLowMs ? "below" : "above", latencyLowMs, latencyHighMs, latencyMs, measuredMs / latencyMs);
    }
}
