package dev.edgetl.compressor.evaluate;

import java.util.List;

/**
 * Preprocessed evaluation inputs and, per input, the model output index of its true class (-1 when the
 * class folder names no label of the model: then only agreement with the float model is measured).
 */
public record EvalSet(List<float[]> inputs, int[] labels, float[][] targets) {
    /** Classification: labels only. */
    public EvalSet(List<float[]> inputs, int[] labels) {
        this(inputs, labels, null);
    }

    /** Regression targets (one row per input, in the model's output units), or null. */
    public boolean hasTargets() {
        return targets != null;
    }

    public boolean hasLabels() {
        for (int l : labels) {
            if (l >= 0) {
                return true;
            }
        }
        return false;
    }
}
