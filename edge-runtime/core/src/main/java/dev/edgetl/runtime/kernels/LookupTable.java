package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.interpreter.Kernel;
import dev.edgetl.runtime.interpreter.Tensor;
import dev.edgetl.runtime.kernels.quant.FixedPoint;

/**
 * TFLite's 8-bit lookup-table activations ({@code LUTPopulate}): for every possible input value, dequantize in
 * float, apply the float function, then {@code zp + round(y * (1 / output_scale))} (round half away from zero,
 * the zero point added in float) clamped to the type's range. The table is indexed by the raw input byte.
 */
final class LookupTable {
    /** A float function of one float (java.util.function.Function would box). */
    interface FloatFunction {
        float apply(float x);
    }

    private LookupTable() {}

    static byte[] populate(Tensor in, Tensor out, FloatFunction f) {
        boolean unsigned = in.dtype == DType.UINT8;
        int qmin = LayoutSupport.qmin(out.dtype);
        int qmax = LayoutSupport.qmax(out.dtype);
        float inScale = in.scale();
        int inZp = in.zeroPoint();
        float inverseScale = 1f / out.scale();
        int outZp = out.zeroPoint();
        byte[] table = new byte[256];
        for (int v = unsigned ? 0 : -128; v <= (unsigned ? 255 : 127); v++) {
            float y = f.apply(inScale * (v - inZp));
            float rescaled = FixedPoint.roundHalfAwayFromZero(y * inverseScale);
            int q = (int) (rescaled + outZp);
            table[v & 0xFF] = (byte) Math.max(qmin, Math.min(qmax, q));
        }
        return table;
    }

    static Kernel kernel(Tensor in, Tensor out, byte[] table) {
        return () -> {
            byte[] x = in.b;
            byte[] o = out.b;
            for (int k = 0; k < out.size; k++) {
                o[out.offset + k] = table[x[in.offset + k] & 0xFF];
            }
        };
    }
}
