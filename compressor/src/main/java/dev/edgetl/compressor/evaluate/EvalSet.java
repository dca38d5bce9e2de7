package dev.edgetl.compressor.evaluate;

import java.util.List;

/**
 * Preprocessed evaluation inputs and, per input, the model output index of its true class (-1 when the
 * class folder names no label of the model: then only agreement with the float model is measured).
 */
public record EvalSet(List<float[]> inputs, int[] labels) {
    public boolean hasLabels() {
        for (int l : labels) {
            if (l >= 0) {
                return true;
            }
        }
        return false;
    }
}
