package dev.edgetl.compressor.calibrate;

/**
 * Statistics of one activation tensor over the calibration set: running min/max (pass 1) and a histogram over
 * [min, max] (pass 2, only for the percentile and MSE methods).
 */
public final class TensorStats {
    static final int BINS = 2048;

    private float min = Float.POSITIVE_INFINITY;
    private float max = Float.NEGATIVE_INFINITY;
    private long[] histogram;
    private float histLo;
    private float histHi;
    /** Sums of the values at each position modulo {@code sums.length} (channel sums for NHWC), or null. */
    private double[] sums;
    private long rows;

    /** Also accumulate the mean of every position modulo {@code period} (the last dimension for channel means). */
    void trackMeans(int period) {
        if (sums == null && period > 0) {
            sums = new double[period];
        }
    }

    void addMeans(float[] data, int offset, int length) {
        if (sums == null || length % sums.length != 0) {
            return;
        }
        int p = sums.length;
        for (int k = 0; k < length; k++) {
            sums[k % p] += data[offset + k];
        }
        rows += length / p;
    }

    /** Per-channel means over the calibration set (see {@link #trackMeans}), or null when not tracked. */
    public double[] means() {
        if (sums == null || rows == 0) {
            return null;
        }
        double[] m = new double[sums.length];
        for (int k = 0; k < m.length; k++) {
            m[k] = sums[k] / rows;
        }
        return m;
    }

    void addMinMax(float[] data, int offset, int length) {
        float lo = min;
        float hi = max;
        for (int k = offset; k < offset + length; k++) {
            float v = data[k];
            if (v < lo) {
                lo = v;
            }
            if (v > hi) {
                hi = v;
            }
        }
        min = lo;
        max = hi;
    }

    void startHistogram() {
        // The range always contains 0 (quantized ranges must represent it exactly).
        histLo = Math.min(min, 0f);
        histHi = Math.max(max, 0f);
        if (histHi <= histLo) {
            histHi = histLo + 1e-6f;
        }
        histogram = new long[BINS];
    }

    void addHistogram(float[] data, int offset, int length) {
        float scale = BINS / (histHi - histLo);
        long[] h = histogram;
        for (int k = offset; k < offset + length; k++) {
            int b = (int) ((data[k] - histLo) * scale);
            h[b < 0 ? 0 : b >= BINS ? BINS - 1 : b]++;
        }
    }

    public boolean seen() {
        return min <= max;
    }

    public float min() {
        return min;
    }

    public float max() {
        return max;
    }

    long[] histogram() {
        return histogram;
    }

    float histLo() {
        return histLo;
    }

    float histHi() {
        return histHi;
    }
}
