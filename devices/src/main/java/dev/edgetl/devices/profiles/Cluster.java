package dev.edgetl.devices.profiles;

/**
 * One group of identical cores. Peak multiply-accumulates per cycle are per core and per data type; with the
 * clock they give the peak GMAC/s that the estimator scales by a calibrated efficiency.
 */
public record Cluster(String core, Sourced cores, Sourced clockGhz, Sourced floatMacsPerCycle, Sourced int8MacsPerCycle) {
    public int coreCount() {
        return (int) cores.value();
    }

    public double floatGmacPerCore() {
        return clockGhz.value() * floatMacsPerCycle.value();
    }

    public double int8GmacPerCore() {
        return clockGhz.value() * int8MacsPerCycle.value();
    }
}
