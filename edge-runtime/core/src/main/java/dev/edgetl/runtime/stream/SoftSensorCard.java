package dev.edgetl.runtime.stream;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * What a soft sensor needs from its model card (the {@code edgetl.softsensor} JSON of the soft-sensor contract):
 * the task, the input columns in model order, the window, and the standard scalings. Parsing the JSON is the
 * caller's business (edge-runtime-app does it with Jackson); this class validates the values, so that a
 * scaling can never divide by zero nor a window be empty.
 */
public final class SoftSensorCard {
    /** What the model estimates. */
    public enum Task {
        REGRESSION, CLASSIFICATION
    }

    private final Task task;
    private final String model;
    private final List<String> inputs;
    private final List<String> targets;
    private final List<String> labels;
    private final int windowLength;
    private final int windowStride;
    private final double[] inputMean;
    private final double[] inputStd;
    private final double[] targetMean;
    private final double[] targetStd;

    /**
     * @param targetMean regression: one per target (null for classification)
     * @param labels classification: one per output class (null or empty for regression)
     */
    public SoftSensorCard(Task task, String model, List<String> inputs, List<String> targets, List<String> labels,
            int windowLength, int windowStride, double[] inputMean, double[] inputStd, double[] targetMean,
            double[] targetStd) {
        if (task == null) {
            throw new IllegalArgumentException("card: task is missing (regression or classification)");
        }
        if (inputs == null || inputs.isEmpty()) {
            throw new IllegalArgumentException("card: inputs (the sensor column names) are missing");
        }
        if (windowLength < 1 || windowStride < 1) {
            throw new IllegalArgumentException("card: window length " + windowLength + " and stride " + windowStride
                    + " must both be at least 1");
        }
        this.task = task;
        this.model = model == null ? "" : model;
        this.inputs = Collections.unmodifiableList(new java.util.ArrayList<>(inputs));
        this.targets = targets == null ? Collections.<String>emptyList()
                : Collections.unmodifiableList(new java.util.ArrayList<>(targets));
        this.labels = labels == null ? Collections.<String>emptyList()
                : Collections.unmodifiableList(new java.util.ArrayList<>(labels));
        this.windowLength = windowLength;
        this.windowStride = windowStride;
        this.inputMean = checkScaling("inputScaling", inputMean, inputStd, this.inputs);
        this.inputStd = inputStd.clone();
        if (task == Task.REGRESSION) {
            if (this.targets.isEmpty()) {
                throw new IllegalArgumentException("card: a regression card needs targets");
            }
            this.targetMean = checkScaling("targetScaling", targetMean, targetStd, this.targets);
            this.targetStd = targetStd.clone();
        } else {
            if (this.labels.isEmpty()) {
                throw new IllegalArgumentException("card: a classification card needs labels");
            }
            this.targetMean = null;
            this.targetStd = null;
        }
    }

    private static double[] checkScaling(String what, double[] mean, double[] std, List<String> names) {
        if (mean == null || std == null) {
            throw new IllegalArgumentException("card: " + what + " needs mean and std");
        }
        if (mean.length != names.size() || std.length != names.size()) {
            throw new IllegalArgumentException("card: " + what + " has " + mean.length + " means and " + std.length
                    + " stds for " + names.size() + " columns " + names);
        }
        for (int k = 0; k < names.size(); k++) {
            if (!isFinite(mean[k])) {
                throw new IllegalArgumentException("card: " + what + " mean of column " + (k + 1) + " '" + names.get(k)
                        + "' is " + mean[k]);
            }
            if (!(std[k] > 0) || !isFinite(std[k])) {
                throw new IllegalArgumentException("card: " + what + " std of column " + (k + 1) + " '" + names.get(k)
                        + "' is " + std[k] + (std[k] == 0 ? " (a constant column: it cannot be scaled)" : "")
                        + "; it must be a positive number");
            }
        }
        return mean.clone();
    }

    static boolean isFinite(double v) {
        return !Double.isNaN(v) && !Double.isInfinite(v);
    }

    public Task task() {
        return task;
    }

    /** "mlp", "cnn1d", "lstm" (informative). */
    public String model() {
        return model;
    }

    /** Sensor column names, in model order. */
    public List<String> inputs() {
        return inputs;
    }

    public int features() {
        return inputs.size();
    }

    public List<String> targets() {
        return targets;
    }

    public List<String> labels() {
        return labels;
    }

    public int windowLength() {
        return windowLength;
    }

    public int windowStride() {
        return windowStride;
    }

    /** Scaled value of input column {@code k}: {@code (x - mean) / std}. */
    public double scaleInput(int k, double x) {
        return (x - inputMean[k]) / inputStd[k];
    }

    /** The reading of input column {@code k} whose scaled value is {@code z} (synthetic data, tests). */
    public double unscaleInput(int k, double z) {
        return z * inputStd[k] + inputMean[k];
    }

    /** Target {@code k} in its own units from the model's scaled output. */
    public double unscaleTarget(int k, double scaled) {
        return scaled * targetStd[k] + targetMean[k];
    }

    @Override
    public String toString() {
        return task.name().toLowerCase(java.util.Locale.ROOT) + " " + model + ", inputs " + inputs + ", window "
                + windowLength + "/" + windowStride + (task == Task.REGRESSION ? ", targets " + targets
                : ", labels " + labels) + ", input mean " + Arrays.toString(inputMean);
    }
}
