package dev.edgetl.compressor.budget;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A device budget ({@code budget.yaml}). Every limit is optional; accuracy limits are fractions (0.9 = 90 %).
 *
 * <pre>
 * device: host            # device profile id
 * maxModelBytes: 600000
 * maxRamBytes: 8000000
 * maxP90LatencyMs: 40
 * minAccuracy: 0.80       # or maxAccuracyDrop: 0.01 (against the float model)
 * </pre>
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record Budget(
        @JsonProperty("device") String device,
        @JsonProperty("maxModelBytes") Long maxModelBytes,
        @JsonProperty("maxRamBytes") Long maxRamBytes,
        @JsonProperty("maxP90LatencyMs") Double maxP90LatencyMs,
        @JsonProperty("minAccuracy") Double minAccuracy,
        @JsonProperty("maxAccuracyDrop") Double maxAccuracyDrop) {

    public static Budget load(Path file) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        Budget b;
        try {
            b = yaml.readValue(file.toFile(), Budget.class);
        } catch (IOException e) {
            throw new IOException("budget " + file + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (b == null) {
            throw new IOException("budget " + file + " is empty");
        }
        b.validate(file.toString());
        return b;
    }

    void validate(String source) {
        if (device == null || device.isBlank()) {
            throw new IllegalArgumentException("budget " + source + ": 'device' (a device profile id) is required");
        }
        positive(source, "maxModelBytes", maxModelBytes);
        positive(source, "maxRamBytes", maxRamBytes);
        positive(source, "maxP90LatencyMs", maxP90LatencyMs);
        fraction(source, "minAccuracy", minAccuracy);
        fraction(source, "maxAccuracyDrop", maxAccuracyDrop);
    }

    private static void positive(String source, String name, Number v) {
        if (v != null && !(v.doubleValue() > 0)) {
            throw new IllegalArgumentException("budget " + source + ": " + name + " must be positive, got " + v);
        }
    }

    private static void fraction(String source, String name, Double v) {
        if (v != null && !(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException("budget " + source + ": " + name
                    + " is a fraction between 0 and 1 (0.9 = 90 %), got " + v);
        }
    }
}
