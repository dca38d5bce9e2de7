package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.interpreter.OpContext;
import dev.edgetl.runtime.interpreter.Tensor;

/**
 * Decoded operands of a conv-like op: weights as floats (FLOAT) or as zero-point-corrected ints (QUANTIZED,
 * HYBRID), and how to read the input as zero-point-corrected ints.
 */
final class ConvOperands {
    private ConvOperands() {}

    static void requireConstant(OpContext ctx, Tensor t, String role) {
        if (!t.isConstant()) {
            throw ctx.error(role + " " + t.describe() + " must be a constant tensor");
        }
    }

    /** Weights minus their zero point, in stored order. */
    static int[] intWeights(OpContext ctx, Tensor w) {
        int zp = 0;
        if (w.dtype == DType.UINT8) {
            if (w.quant.zeroPoints().length != 1) {
                throw ctx.error("uint8 weights " + w.describe() + " must be quantized per tensor");
            }
            zp = w.zeroPoint();
        } else {
            for (long z : w.quant.zeroPoints()) {
                if (z != 0) {
                    throw ctx.error("int8 weights " + w.describe() + " must have zero point 0 (TFLite's int8 spec)");
                }
            }
        }
        int[] out = new int[w.size];
        boolean u8 = w.dtype == DType.UINT8;
        for (int k = 0; k < w.size; k++) {
            byte v = w.b[w.offset + k];
            out[k] = (u8 ? v & 0xFF : v) - zp;
        }
        return out;
    }

    static float[] floatWeights(Tensor w) {
        float[] out = new float[w.size];
        System.arraycopy(w.f, w.offset, out, 0, w.size);
        return out;
    }

    static float[] toFloat(int[] v) {
        float[] out = new float[v.length];
        for (int k = 0; k < v.length; k++) {
            out[k] = v[k];
        }
        return out;
    }

    static int maxAbs(int[] v) {
        int m = 0;
        for (int x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    /** The largest |x - zp| a quantized input can produce (HYBRID inputs: asymmetric int8, 255). */
    static int maxInputMagnitude(Tensor in, OutputStage.Mode mode) {
        if (mode == OutputStage.Mode.HYBRID) {
            return 255;
        }
        int zp = in.zeroPoint();
        return in.dtype == DType.UINT8 ? Math.max(zp, 255 - zp) : Math.max(zp + 128, 127 - zp);
    }

    /** True when TFLite's hybrid conv treats the weights as per-channel (some scales differ). */
    static boolean scalesDiffer(Tensor w) {
        float[] s = w.quant.scales();
        for (int k = 1; k < s.length; k++) {
            if (s[k] != s[0]) {
                return true;
            }
        }
        return false;
    }
}
