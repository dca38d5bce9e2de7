package dev.edgetl.compressor.evaluate;

import dev.edgetl.devices.estimate.Calibration;
import dev.edgetl.devices.estimate.Estimate;
import dev.edgetl.devices.estimate.Estimator;
import dev.edgetl.devices.estimate.ModelCost;
import dev.edgetl.devices.profiles.DeviceProfile;
import dev.edgetl.devices.profiles.HostProfile;
import dev.edgetl.devices.profiles.ProfileCatalog;
import dev.edgetl.runtime.format.ModelReader;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Device estimates from the devices module: the model's per-op cost, the profile's peak rates and the efficiencies
 * calibrated on measured edge-runtime runs ({@link Estimator}). The host needs no estimate (it is measured); every
 * other profile gets the estimator's central latency and peak memory, its band and basis in the report.
 */
public final class DevicesEstimator implements DeviceEstimator {
    /** The runtime the compressor evaluates with, whose calibration the estimate uses. */
    public static final String RUNTIME = "edgetl";

    private final ProfileCatalog catalog;
    private final Estimator estimator;
    private final int threads;

    public DevicesEstimator(ProfileCatalog catalog, Calibration calibration, int threads) {
        this.catalog = catalog;
        this.estimator = new Estimator(catalog, calibration);
        this.threads = threads;
    }

    /** Built-in profiles and calibration, one thread (like the host measurement). */
    public static DevicesEstimator builtin() {
        return new DevicesEstimator(ProfileCatalog.builtin(), Calibration.builtin(), 1);
    }

    @Override
    public Set<String> knownProfiles() {
        Set<String> ids = new LinkedHashSet<>();
        for (DeviceProfile p : catalog.all()) {
            ids.add(p.id());
        }
        ids.add(HOST);
        return ids;
    }

    @Override
    public DeviceEstimate estimate(String profileId, byte[] model, double hostP90Ms) {
        if (HostProfile.ID.equals(profileId)) {
            return new DeviceEstimate(profileId, null, null, "host: measured, no estimate needed");
        }
        try {
            DeviceProfile p = catalog.get(profileId);
            Estimate e = estimator.estimate(ModelCost.of(ModelReader.read(model, "variant")), p, RUNTIME, threads);
            String basis = String.format(Locale.ROOT, "devices estimator, %s runtime, %d thread(s): %s; %s; basis %s",
                    RUNTIME, e.threads(), e.latencyText(), e.memoryText(), String.join("; ", e.basis()));
            return new DeviceEstimate(profileId, e.latencyMs(), e.peakMemoryBytes(), basis);
        } catch (RuntimeException e) {
            // No calibration for this runtime/data type, or a model the cost model does not know: say so, and the
            // budget falls back to the host measurement (the report shows which).
            return new DeviceEstimate(profileId, null, null, "no estimate: " + e.getMessage());
        }
    }
}
