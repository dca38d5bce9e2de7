package dev.edgetl.devices.estimate;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgetl.devices.profiles.DeviceProfile;
import dev.edgetl.devices.profiles.ProfileCatalog;
import dev.edgetl.devices.profiles.ProfileException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Measured latencies (published ones with their source, and ours) turned into efficiencies: the fraction of a core's
 * peak MAC rate that a runtime reaches on a data type. The built-in table is {@code calibration.json}; users add
 * their own measurements (e.g. from {@code deploy --bench}) with {@link #withFile(Path)}.
 */
public final class Calibration {
    private static final String RESOURCE = "/dev/edgetl/devices/estimate/calibration.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final List<CalibrationPoint> points;

    public Calibration(List<CalibrationPoint> points) {
        this.points = Collections.unmodifiableList(new ArrayList<>(points));
    }

    public static Calibration builtin() {
        try (InputStream in = Calibration.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return new Calibration(JSON.readValue(in, new TypeReference<List<CalibrationPoint>>() {}));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    public Calibration withFile(Path file) {
        List<CalibrationPoint> all = new ArrayList<>(points);
        try {
            List<CalibrationPoint> extra = JSON.readValue(Files.readAllBytes(file), new TypeReference<List<CalibrationPoint>>() {});
            for (int i = 0; i < extra.size(); i++) {
                CalibrationPoint p = extra.get(i);
                if (p.runtime() == null || p.device() == null || p.dtype() == null || !(p.macs() > 0) || !(p.latencyMs() > 0)
                        || p.threads() < 1 || p.source() == null || p.source().isBlank()) {
                    throw new ProfileException("calibration file " + file + ": entry [" + i
                            + "] needs runtime, device, dtype, macs > 0, latencyMs > 0, threads >= 1 and a source");
                }
            }
            all.addAll(extra);
        } catch (IOException e) {
            throw new ProfileException("cannot read calibration file " + file + ": " + e.getMessage(), e);
        }
        return new Calibration(all);
    }

    public List<CalibrationPoint> points() {
        return points;
    }

    /** Efficiencies (achieved / peak per thread) of the points for {@code runtime} and {@code dtype}. */
    public List<Efficiency> efficiencies(String runtime, String dtype, ProfileCatalog catalog) {
        List<Efficiency> out = new ArrayList<>();
        for (CalibrationPoint p : points) {
            if (!p.runtime().equals(runtime) || !p.dtype().equals(dtype)) continue;
            double peak;
            if (p.peakGmacPerCore() != null) {
                peak = p.peakGmacPerCore();
            } else {
                DeviceProfile d = catalog.get(p.device());
                peak = peak(d.fastestCluster(), dtype, p.basisOrDefault());
            }
            out.add(new Efficiency(p, p.achievedGmacs() / (peak * Estimator.threadScale(p.threads()))));
        }
        return out;
    }

    /** The rate a point's efficiency is relative to, per core: SIMD peak GMAC/s, or the clock in GHz. */
    static double peak(dev.edgetl.devices.profiles.Cluster c, String dtype, String basis) {
        if ("clock".equals(basis)) {
            return c.clockGhz().value();
        }
        return "int8".equals(dtype) ? c.int8GmacPerCore() : c.floatGmacPerCore();
    }

    /** A calibration point and the efficiency it implies. */
    public record Efficiency(CalibrationPoint point, double value) {}
}
