package dev.edgetl.softsensor.data;

/**
 * Scaled samples: {@code x} is {@code [n, length, features]} (one window, oldest sample first), {@code y} is
 * {@code [n, targets]} scaled targets (regression) and {@code labels} the class indices (classification).
 * {@code origin[i]} is the data row (or cycle) the i-th window ends at: time order is kept.
 */
public final class Windows {
    public final int n;
    public final int length;
    public final int features;
    public final int targets;
    public final float[] x;
    public final float[] y;
    public final int[] labels;
    public final int[] origin;

    public Windows(int n, int length, int features, int targets, float[] x, float[] y, int[] labels, int[] origin) {
        this.n = n;
        this.length = length;
        this.features = features;
        this.targets = targets;
        this.x = x;
        this.y = y;
        this.labels = labels;
        this.origin = origin;
    }

    public int windowSize() {
        return length * features;
    }

    public boolean classification() {
        return labels != null;
    }

    /** The windows at {@code idx}, in that order. */
    public Windows subset(int[] idx) {
        int w = windowSize();
        float[] sx = new float[idx.length * w];
        float[] sy = y == null ? null : new float[idx.length * targets];
        int[] sl = labels == null ? null : new int[idx.length];
        int[] so = new int[idx.length];
        for (int k = 0; k < idx.length; k++) {
            int i = idx[k];
            System.arraycopy(x, i * w, sx, k * w, w);
            if (sy != null) {
                System.arraycopy(y, i * targets, sy, k * targets, targets);
            }
            if (sl != null) {
                sl[k] = labels[i];
            }
            so[k] = origin[i];
        }
        return new Windows(idx.length, length, features, targets, sx, sy, sl, so);
    }

    public float[] window(int i) {
        float[] out = new float[windowSize()];
        System.arraycopy(x, i * windowSize(), out, 0, out.length);
        return out;
    }
}
