package dev.edgetl.runtime.app;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Latencies of one benchmark (milliseconds, nearest-rank percentiles) with its memory and backend. */
public final class BenchResult {
    private final String model;
    private final String backend;
    private final int threads;
    private final int warmup;
    private final double[] sortedMs;
    private final long arenaBytes;
    private final long peakHeapBytes;

    public BenchResult(String model, String backend, int threads, int warmup, double[] ms, long arenaBytes, long peakHeapBytes) {
        this.model = model;
        this.backend = backend;
        this.threads = threads;
        this.warmup = warmup;
        this.sortedMs = ms.clone();
        Arrays.sort(this.sortedMs);
        this.arenaBytes = arenaBytes;
        this.peakHeapBytes = peakHeapBytes;
    }

    /** Nearest-rank percentile: the smallest latency with at least p% of the runs at or below it. */
    public double percentile(double p) {
        int rank = (int) Math.ceil(p / 100.0 * sortedMs.length);
        return sortedMs[Math.max(0, Math.min(sortedMs.length - 1, rank - 1))];
    }

    public double minMs() {
        return sortedMs[0];
    }

    public double meanMs() {
        double s = 0;
        for (double v : sortedMs) {
            s += v;
        }
        return s / sortedMs.length;
    }

    public int runs() {
        return sortedMs.length;
    }

    public long arenaBytes() {
        return arenaBytes;
    }

    public long peakHeapBytes() {
        return peakHeapBytes;
    }

    public String backend() {
        return backend;
    }

    /** The JSON fields (p50Ms... are the names devices' deploy reads). */
    public Map<String, Object> toMap() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("model", model);
        r.put("backend", backend);
        r.put("jdk", Runtime.version().toString());
        r.put("threads", threads);
        r.put("warmup", warmup);
        r.put("runs", runs());
        r.put("p50Ms", round(percentile(50)));
        r.put("p90Ms", round(percentile(90)));
        r.put("p99Ms", round(percentile(99)));
        r.put("minMs", round(minMs()));
        r.put("meanMs", round(meanMs()));
        r.put("arenaBytes", arenaBytes);
        r.put("peakHeapBytes", peakHeapBytes);
        return r;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
