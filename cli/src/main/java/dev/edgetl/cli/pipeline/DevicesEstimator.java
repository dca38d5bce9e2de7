package dev.edgetl.cli.pipeline;

import dev.edgetl.compressor.evaluate.DeviceEstimate;
import dev.edgetl.compressor.evaluate.DeviceEstimator;
import dev.edgetl.devices.estimate.Calibration;
import dev.edgetl.devices.estimate.Estimate;
import dev.edgetl.devices.estimate.Estimator;
import dev.edgetl.devices.estimate.ModelCost;
import dev.edgetl.devices.profiles.DeviceProfile;
import dev.edgetl.devices.profiles.ProfileCatalog;
import dev.edgetl.runtime.format.ModelReader;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The compressor's budget check on a device profile: the devices module's calibrated estimator for the edgetl
 * runtime (an estimate, labelled so in the reports); "host" is judged on the host measurement itself.
 */
public final class DevicesEstimator implements DeviceEstimator {
    public static final String RUNTIME = "edgetl";
    private final ProfileCatalog catalog;
    private final Estimator estimator;
    private final int threads;

    public DevicesEstimator(int threads) {
        this.catalog = ProfileCatalog.builtin();
        this.estimator = new Estimator(catalog, Calibration.builtin());
        this.threads = threads;
    }

    @Override
    public Set<String> knownProfiles() {
        Set<String> ids = new TreeSet<>();
        ids.add(HOST);
        for (DeviceProfile p : catalog.all()) {
            ids.add(p.id());
        }
        return ids;
    }

    @Override
    public DeviceEstimate estimate(String profileId, byte[] model, double hostP90Ms) {
        if (HOST.equals(profileId)) {
            return DeviceEstimator.hostOnly().estimate(profileId, model, hostP90Ms);
        }
        Estimate e = estimator.estimate(ModelCost.of(ModelReader.read(model, "variant for " + profileId)),
                catalog.get(profileId), RUNTIME, threads);
        return new DeviceEstimate(profileId, e.latencyMs(), e.peakMemoryBytes(), String.format(Locale.ROOT,
                "%s estimate for the %s runtime, %d thread(s), band %.1f-%.1f ms", profileId, RUNTIME, e.threads(),
                e.latencyLowMs(), e.latencyHighMs()));
    }
}
