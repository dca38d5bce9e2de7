package dev.edgetl.compressor.evaluate;

/**
 * What one variant costs and how well it works. For regression models (tensor inputs) {@code accuracy} is R^2
 * against the targets (null without targets) and {@code agreement} R^2 against the float model's outputs;
 * {@code rmse} is against the targets, {@code rmseVsFloat} against the float model's outputs. Latencies are host measurements of edge-runtime (median and
 * p90 after warm-up); {@code estimate} is the device figure, computed rather than measured.
 */
public record VariantMetrics(
        String name,
        String description,
        long fileBytes,
        long weightBytes,
        long arenaBytes,
        long ramBytes,
        Double accuracy,
        double agreement,
        double latencyP50Ms,
        double latencyP90Ms,
        DeviceEstimate estimate,
        String error,
        Double rmse,
        Double rmseVsFloat) {

    /** Without RMSE figures (image classifiers). */
    public VariantMetrics(String name, String description, long fileBytes, long weightBytes, long arenaBytes,
            long ramBytes, Double accuracy, double agreement, double latencyP50Ms, double latencyP90Ms,
            DeviceEstimate estimate, String error) {
        this(name, description, fileBytes, weightBytes, arenaBytes, ramBytes, accuracy, agreement, latencyP50Ms,
                latencyP90Ms, estimate, error, null, null);
    }

    public boolean failed() {
        return error != null;
    }

    public static VariantMetrics failure(String name, String description, long fileBytes, long weightBytes, String error) {
        return new VariantMetrics(name, description, fileBytes, weightBytes, -1, -1, null, 0, Double.NaN, Double.NaN,
                null, error);
    }
}
