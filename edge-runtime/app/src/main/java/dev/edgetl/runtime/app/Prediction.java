package dev.edgetl.runtime.app;

/** One class of a top-K list: index in output 0, label (null when there are no labels), score (dequantised). */
public final class Prediction {
    private final int index;
    private final String label;
    private final float score;

    public Prediction(int index, String label, float score) {
        this.index = index;
        this.label = label;
        this.score = score;
    }

    public int index() {
        return index;
    }

    public String label() {
        return label;
    }

    public float score() {
        return score;
    }

    /** The label, or "class N" without labels. */
    public String name() {
        return label != null ? label : "class " + index;
    }
}
