package dev.edgetl.runtime.kernels;

/**
 * On-the-fly int8 quantization of a float input, one scale (and zero point) per batch, exactly like TFLite's
 * {@code SymmetricQuantizeFloats} / {@code AsymmetricQuantizeFloats} (portable versions, which x86 uses).
 */
final class HybridInput {
    /** Quantized input, in the input's layout. */
    final byte[] q;
    /** Per batch: the factor {@link OutputStage#finishHybrid} multiplies integer sums with. */
    final float[] batchScale;
    /** Per batch: the input zero point (0 when symmetric). */
    final int[] zeroPoint;
    private final int batches;
    private final int perBatch;
    private final boolean asymmetric;

    HybridInput(dev.edgetl.runtime.interpreter.OpContext ctx, int size, int batches, boolean asymmetric) {
        this.q = ctx.newByteScratch(size);
        this.batchScale = ctx.newFloatScratch(batches);
        this.zeroPoint = ctx.newIntScratch(batches);
        this.batches = batches;
        this.perBatch = size / batches;
        this.asymmetric = asymmetric;
    }

    /** Quantizes every batch of {@code x} (from {@code off}); allocation-free. */
    void quantize(float[] x, int off, OutputStage stage) {
        for (int b = 0; b < batches; b++) {
            int o = b * perBatch;
            float s = asymmetric
                    ? quantizeAsymmetric(x, off + o, perBatch, q, o, zeroPoint, b)
                    : quantizeSymmetric(x, off + o, perBatch, q, o);
            batchScale[b] = stage.hybridBatchScale(s);
        }
    }

    /**
     * Symmetric: q = round(x * 127 / max|x|) in [-127, 127]. Returns the scale (max|x| / 127, or 1 for an
     * all-zero input).
     */
    static float quantizeSymmetric(float[] x, int off, int n, byte[] q, int qOff) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float v = x[off + i];
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float range = Math.max(Math.abs(min), Math.abs(max));
        if (range == 0) {
            java.util.Arrays.fill(q, qOff, qOff + n, (byte) 0);
            return 1f;
        }
        float inv = 127f / range;
        for (int i = 0; i < n; i++) {
            int v = (int) roundHalfAway(inv * x[off + i]);
            q[qOff + i] = (byte) Math.min(127, Math.max(-127, v));
        }
        return range / 127f;
    }

    /**
     * Asymmetric over [min(0, x), max(0, x)] into [-128, 127] with a nudged zero point; returns the scale and
     * stores the zero point in {@code zeroPoint[zpIndex]}.
     */
    static float quantizeAsymmetric(float[] x, int off, int n, byte[] q, int qOff, int[] zeroPoint, int zpIndex) {
        float fmin = Float.POSITIVE_INFINITY;
        float fmax = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float v = x[off + i];
            fmin = Math.min(fmin, v);
            fmax = Math.max(fmax, v);
        }
        double rmin = Math.min(0f, fmin);
        double rmax = Math.max(0f, fmax);
        if (rmin == rmax) {
            java.util.Arrays.fill(q, qOff, qOff + n, (byte) 0);
            zeroPoint[zpIndex] = 0;
            return 1f;
        }
        final double qmin = -128;
        final double qmax = 127;
        double scale = (rmax - rmin) / (qmax - qmin);
        double zpFromMin = qmin - rmin / scale;
        double zpFromMax = qmax - rmax / scale;
        double zpFromMinError = Math.abs(qmin) + Math.abs(rmin / scale);
        double zpFromMaxError = Math.abs(qmax) + Math.abs(rmax / scale);
        double zpDouble = zpFromMinError < zpFromMaxError ? zpFromMin : zpFromMax;
        int zp;
        if (zpDouble <= qmin) {
            zp = -128;
        } else if (zpDouble >= qmax) {
            zp = 127;
        } else {
            zp = (int) roundHalfAway(zpDouble);
        }
        float inv = (float) (1.0 / scale);
        for (int i = 0; i < n; i++) {
            // TfLiteRound(offset + x * inv) in float: adding the zero point before rounding loses low bits of the
            // product (zero point -128 for non-negative inputs), which moves some values across a .5 boundary.
            int v = roundHalfAway(zp + inv * x[off + i]);
            q[qOff + i] = (byte) Math.min(127, Math.max(-128, v));
        }
        zeroPoint[zpIndex] = zp;
        return (float) scale;
    }

    /** C's round(): half away from zero. */
    static long roundHalfAway(double v) {
        return v >= 0 ? Math.round(v) : -Math.round(-v); // Math.round is exact (no v + 0.5 rounding error)
    }

    /** TfLiteRound on a float: the float product is rounded, not a double one. */
    private static int roundHalfAway(float v) {
        return v >= 0 ? Math.round(v) : -Math.round(-v);
    }
}
