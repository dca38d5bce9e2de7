package dev.edgetl.runtime.stream;

import java.util.Collections;
import java.util.List;

/**
 * One soft-sensor estimate, for the window that ends at sample {@link #sample()}: the 1-based number of the
 * {@code push} call (refused samples count too, so it matches the caller's row numbering; {@code reset} does not
 * restart it).
 * Regression: {@link #values()} in the targets' own units. Classification: {@link #label()} and the class
 * {@link #probabilities()} (the model's softmax output, in card label order).
 */
public final class Estimate {
    private final long sample;
    private final List<String> names;
    private final double[] values;
    private final int labelIndex;

    Estimate(long sample, List<String> names, double[] values, int labelIndex) {
        this.sample = sample;
        this.names = Collections.unmodifiableList(names);
        this.values = values;
        this.labelIndex = labelIndex;
    }

    public long sample() {
        return sample;
    }

    public boolean isClassification() {
        return labelIndex >= 0;
    }

    /** Target names (regression) or labels (classification), matching {@link #values()}. */
    public List<String> names() {
        return names;
    }

    /** Regression: unscaled targets; classification: class probabilities. A copy. */
    public double[] values() {
        return values.clone();
    }

    public double value(int k) {
        return values[k];
    }

    /** Classification: the most probable class (first on ties); -1 for regression. */
    public int labelIndex() {
        return labelIndex;
    }

    public String label() {
        if (labelIndex < 0) {
            throw new IllegalStateException("a regression estimate has no label");
        }
        return names.get(labelIndex);
    }

    public double[] probabilities() {
        if (labelIndex < 0) {
            throw new IllegalStateException("a regression estimate has no probabilities");
        }
        return values.clone();
    }
}
