package dev.edgetl.compressor.quantize;

/** The real-valued range an activation tensor is quantized to (from calibration). */
public record TensorRange(float min, float max) {
    public TensorRange {
        if (!(min <= max) || Float.isInfinite(min) || Float.isInfinite(max)) {
            throw new IllegalArgumentException("bad range [" + min + ", " + max + "]");
        }
    }

    /** Asymmetric int8 parameters as TFLite computes them: the range always contains 0 exactly. */
    public float[] int8Params() {
        float lo = Math.min(min, 0f);
        float hi = Math.max(max, 0f);
        if (hi - lo < 1e-8f) {
            hi = lo + 1e-8f * 255; // an all-zero tensor: any positive scale works, TFLite rejects 0
        }
        float scale = (hi - lo) / 255f;
        double zpFromMin = -128 - lo / (double) scale;
        long zp = Math.max(-128, Math.min(127, Math.round(zpFromMin)));
        return new float[] {scale, zp};
    }
}
