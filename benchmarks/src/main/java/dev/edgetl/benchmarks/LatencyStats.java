package dev.edgetl.benchmarks;

import java.util.Arrays;

/** Percentiles of a series of latencies in nanoseconds (nearest-rank). */
public final class LatencyStats {
    private final long[] sorted;

    public LatencyStats(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        sorted = nanos.clone();
        Arrays.sort(sorted);
    }

    /** The p-th percentile (0 < p <= 100) in milliseconds, nearest-rank definition. */
    public double percentileMs(double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    public double minMs() {
        return sorted[0] / 1e6;
    }

    public double meanMs() {
        double s = 0;
        for (long v : sorted) {
            s += v;
        }
        return s / sorted.length / 1e6;
    }

    public int count() {
        return sorted.length;
    }
}
