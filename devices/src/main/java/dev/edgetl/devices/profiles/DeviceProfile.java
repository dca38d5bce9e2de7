package dev.edgetl.devices.profiles;

import java.util.Comparator;
import java.util.List;

/**
 * A target device: what it is (architecture, ABI, cores, memory, ISA features, OS), what we run there, and for
 * every number where it comes from. Loaded from JSON by {@link ProfileCatalog}; {@link HostProfile} builds the one
 * for the machine we run on.
 */
public record DeviceProfile(
        String id,
        String name,
        String kind,
        String architecture,
        String abi,
        String soc,
        String os,
        List<Cluster> clusters,
        Sourced ramMb,
        Storage storage,
        Isa isa,
        Sourced memoryBandwidthGBs,
        DeployRuntime runtime,
        String notes) {

    public int totalCores() {
        return clusters.stream().mapToInt(Cluster::coreCount).sum();
    }

    /** The cluster with the fastest cores: where a single-threaded inference runs (the OS scheduler puts it there). */
    public Cluster fastestCluster() {
        return clusters.stream().max(Comparator.comparingDouble(Cluster::floatGmacPerCore)).orElseThrow();
    }

    /** The architecture names a JVM reports in {@code os.arch} for this profile. */
    public List<String> jvmArchNames() {
        return Architectures.jvmNames(architecture);
    }
}
