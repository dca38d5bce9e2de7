package dev.edgetl.devices.estimate;

import dev.edgetl.devices.profiles.Architectures;
import dev.edgetl.devices.profiles.Cluster;
import dev.edgetl.devices.profiles.DeviceProfile;
import dev.edgetl.devices.profiles.ProfileCatalog;
import dev.edgetl.devices.profiles.ProfileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Latency and peak memory of a model on a device, from the model's per-op MACs and bytes and the device's peak
 * rates, scaled by efficiencies calibrated on measured runs of the same runtime.
 *
 * <pre>
 * latency = sum over dtype d of  MACs_d / (peak_d per core * threadScale(threads) * efficiency_d)
 *         + bytes of MAC-free ops / (memory bandwidth * MEMORY_EFFICIENCY)
 * </pre>
 * efficiency_d is the geometric mean of the calibration points for this runtime and data type on the same ISA
 * family (ARM or x86; else all of them); the band spans the lowest and highest of those efficiencies, widened by
 * {@link #SINGLE_POINT_FACTOR} when there is only one point, by {@link #CROSS_DEVICE_FACTOR} when none of them was
 * measured on this device, and by it again when none was measured on this ISA family. Points on the "clock" basis
 * (scalar runtimes) replace the peak by the clock in GHz, so the efficiency is MACs per cycle.
 */
public final class Estimator {
    /** Assumption: each extra thread adds 80% of a core (shared caches and memory bus, synchronisation). */
    static final double PARALLEL_EFFICIENCY = 0.8;
    /** Assumption: element-wise kernels reach half the theoretical DRAM bandwidth. */
    static final double MEMORY_EFFICIENCY = 0.5;
    static final double SINGLE_POINT_FACTOR = 1.5;
    static final double CROSS_DEVICE_FACTOR = 1.5;
    /** Measured on this host: VmHWM of an empty main() on OpenJDK 17.0.15 x86_64 (38.6 MB); band 30-80 MB. */
    static final long JVM_BASELINE_BYTES = 38_600_000L;
    static final long JVM_BASELINE_LOW = 30_000_000L;
    static final long JVM_BASELINE_HIGH = 80_000_000L;
    /** Greedy arena planners (TFLite's, ours) typically need up to ~30% more than the liveness bound. */
    static final double ARENA_SLACK = 1.3;

    private final ProfileCatalog catalog;
    private final Calibration calibration;

    public Estimator(ProfileCatalog catalog, Calibration calibration) {
        this.catalog = catalog;
        this.calibration = calibration;
    }

    static double threadScale(int threads) {
        return 1 + (threads - 1) * PARALLEL_EFFICIENCY;
    }

    public Estimate estimate(ModelCost cost, DeviceProfile device, String runtime, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Cluster cluster = device.fastestCluster();
        List<String> notes = new ArrayList<>();
        List<String> basis = new ArrayList<>();
        int used = Math.min(threads, cluster.coreCount());
        if (used < threads) {
            notes.add("only " + used + " " + cluster.core() + " cores: estimated with " + used + " threads");
        }
        double mid = 0;
        double low = 0;
        double high = 0;
        for (String dtype : new String[] {"float", "int8"}) {
            long macs = "int8".equals(dtype) ? cost.int8Macs() : cost.floatMacs();
            if (macs == 0) continue;
            Band eff = efficiency(runtime, dtype, device, basis, notes);
            double peak = Calibration.peak(cluster, dtype, eff.basis) * threadScale(used);
            double seconds = macs / (peak * 1e9 * eff.center);
            mid += seconds;
            low += seconds * eff.center / eff.high;
            high += seconds * eff.center / eff.low;
        }
        double memSeconds = cost.memoryBoundBytes() / (device.memoryBandwidthGBs().value() * 1e9 * MEMORY_EFFICIENCY);
        mid += memSeconds;
        low += memSeconds / 2;
        high += memSeconds * 2;

        long weights = cost.weightBytes();
        long arena = cost.peakActivationBytes();
        long memory = weights + (long) (arena * 1.1) + JVM_BASELINE_BYTES;
        long memLow = weights + arena + JVM_BASELINE_LOW;
        long memHigh = weights + (long) (arena * ARENA_SLACK) + JVM_BASELINE_HIGH;
        if (memHigh > device.ramMb().value() * 1024 * 1024 * 0.5) {
            notes.add(String.format(Locale.ROOT, "peak memory may exceed half of the device's %.0f MB RAM", device.ramMb().value()));
        }
        notes.add("JVM baseline " + JVM_BASELINE_BYTES / 1_000_000 + " MB measured on the x86_64 host (empty main, OpenJDK 17); weights "
                + weights + " B, activation liveness bound " + arena + " B");
        return new Estimate(device.id(), runtime, used, mid * 1e3, low * 1e3, high * 1e3, memory, memLow, memHigh,
                cost.totalMacs(), cost.dominantDtype(), basis, notes);
    }

    private Band efficiency(String runtime, String dtype, DeviceProfile device, List<String> basis, List<String> notes) {
        String family = family(device.architecture());
        List<Calibration.Efficiency> all = calibration.efficiencies(runtime, dtype, catalog);
        List<Calibration.Efficiency> same = new ArrayList<>();
        for (Calibration.Efficiency e : all) {
            if (family.equals(family(deviceArchitecture(e.point())))) same.add(e);
        }
        List<Calibration.Efficiency> use = same.isEmpty() ? all : same;
        if (use.isEmpty()) {
            throw new ProfileException("no calibration measurement for runtime '" + runtime + "' on " + dtype
                    + " models: add one (calibration file) or pick another runtime");
        }
        if (same.isEmpty()) {
            notes.add("no " + runtime + " " + dtype + " measurement on " + family + ": calibrated on another ISA family (wide band)");
        }
        double logSum = 0;
        double lo = Double.MAX_VALUE;
        double hi = 0;
        boolean onDevice = false;
        for (Calibration.Efficiency e : use) {
            logSum += Math.log(e.value());
            lo = Math.min(lo, e.value());
            hi = Math.max(hi, e.value());
            onDevice |= e.point().device().equals(device.id());
            String efficiency = "clock".equals(e.point().basisOrDefault())
                    ? String.format(Locale.ROOT, "%.2f MAC/cycle", e.value())
                    : String.format(Locale.ROOT, "%.1f%% of SIMD peak", e.value() * 100);
            basis.add(String.format(Locale.ROOT, "%s %s on %s: %.1f ms, %d thread(s) -> %s (%s)",
                    e.point().runtime(), e.point().model(), e.point().device(), e.point().latencyMs(), e.point().threads(),
                    efficiency, e.point().source()));
        }
        String rateBasis = use.get(0).point().basisOrDefault();
        for (Calibration.Efficiency e : use) {
            if (!e.point().basisOrDefault().equals(rateBasis)) {
                throw new ProfileException("calibration points for runtime '" + runtime + "' mix bases (" + rateBasis + ", "
                        + e.point().basisOrDefault() + "): their efficiencies cannot be averaged");
            }
        }
        double center = Math.exp(logSum / use.size());
        if (use.size() == 1) {
            lo = center / SINGLE_POINT_FACTOR;
            hi = center * SINGLE_POINT_FACTOR;
        }
        if (!onDevice) {
            lo /= CROSS_DEVICE_FACTOR;
            hi *= CROSS_DEVICE_FACTOR;
        }
        if (same.isEmpty()) {
            lo /= CROSS_DEVICE_FACTOR;
            hi *= CROSS_DEVICE_FACTOR;
        }
        return new Band(lo, center, hi, rateBasis);
    }

    private String deviceArchitecture(CalibrationPoint p) {
        if (p.architecture() != null) {
            return p.architecture();
        }
        return catalog.get(p.device()).architecture();
    }

    private static String family(String architecture) {
        String a = Architectures.canonical(architecture);
        return a.startsWith("arm") || a.equals("aarch64") ? "ARM" : a;
    }

    private record Band(double low, double center, double high, String basis) {}
}
