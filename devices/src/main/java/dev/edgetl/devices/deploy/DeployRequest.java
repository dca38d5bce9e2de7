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
        Duration timeout) {}
