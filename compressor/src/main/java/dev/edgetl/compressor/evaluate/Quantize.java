package dev.edgetl.compressor.evaluate;

import dev.edgetl.runtime.format.DType;

/** Float to int8/uint8 with TFLite's rounding (half away from zero), for feeding integer-I/O models. */
public final class Quantize {
    private Quantize() {}

    public static void into(float[] x, DType type, float scale, int zeroPoint, byte[] out, int offset) {
        int lo = type == DType.UINT8 ? 0 : -128;
        int hi = lo + 255;
        for (int k = 0; k < x.length; k++) {
            float v = x[k] / scale;
            long q = (long) (Math.signum(v) * Math.floor(Math.abs(v) + 0.5)) + zeroPoint;
            out[offset + k] = (byte) Math.max(lo, Math.min(hi, q));
        }
    }
}
