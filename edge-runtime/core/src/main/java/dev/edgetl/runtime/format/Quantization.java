package dev.edgetl.runtime.format;

import java.util.Arrays;

/**
 * Affine quantization of a tensor: real = scale * (q - zeroPoint). Per-tensor when there is one scale,
 * per-channel along {@code quantizedDimension} otherwise (TFLite 8-bit spec: int8 weights, zero point 0).
 */
public final class Quantization {
    private final float[] scales;
    private final long[] zeroPoints;
    private final int quantizedDimension;

    public Quantization(float[] scales, long[] zeroPoints, int quantizedDimension) {
        this.scales = scales;
        this.zeroPoints = zeroPoints;
        this.quantizedDimension = quantizedDimension;
    }

    public float[] scales() {
        return scales;
    }

    public long[] zeroPoints() {
        return zeroPoints;
    }

    public int quantizedDimension() {
        return quantizedDimension;
    }

    public static final Quantization NONE = new Quantization(new float[0], new long[0], 0);

    public static Quantization perTensor(float scale, long zeroPoint) {
        return new Quantization(new float[] {scale}, new long[] {zeroPoint}, 0);
    }

    public static Quantization perChannel(float[] scales, long[] zeroPoints, int dimension) {
        return new Quantization(scales.clone(), zeroPoints.clone(), dimension);
    }

    public boolean isPresent() {
        return scales.length > 0;
    }

    public boolean isPerChannel() {
        return scales.length > 1;
    }

    public float scale() {
        return scales[0];
    }

    public int zeroPoint() {
        return (int) zeroPoints[0];
    }

    @Override
    public String toString() {
        if (!isPresent()) {
            return "none";
        }
        if (!isPerChannel()) {
            return "scale=" + scales[0] + " zp=" + zeroPoints[0];
        }
        return "per-channel(dim " + quantizedDimension + ", " + scales.length + " scales)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Quantization q
                && Arrays.equals(scales, q.scales)
                && Arrays.equals(zeroPoints, q.zeroPoints)
                && quantizedDimension == q.quantizedDimension;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(scales) * 31 + Arrays.hashCode(zeroPoints) + quantizedDimension;
    }
}
