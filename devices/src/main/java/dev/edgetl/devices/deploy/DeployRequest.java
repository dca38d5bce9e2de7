package dev.edgetl.devices.deploy;

import java.nio.file.Path;
import java.time.Duration;

/** What to deploy where, and what to do there. */
public record DeployRequest(
        String deviceId,
        Path model,
        Path runtimeJar,
        Path labels,
        Path images,
        boolean bench,
        int threads,
        int warmup,
        int runs,
        boolean keep,
        Double budgetMs,
        Duration timeout,
        Path saveCalibration) {

    /** The same request without saving a calibration point. */
    public DeployRequest(String deviceId, Path model, Path runtimeJar, Path labels, Path images, boolean bench, int threads, int warmup,
            int runs, boolean keep, Double budgetMs, Duration timeout) {
        this(deviceId, model, runtimeJar, labels, images, bench, threads, warmup, runs, keep, budgetMs, timeout, null);
    }
}
