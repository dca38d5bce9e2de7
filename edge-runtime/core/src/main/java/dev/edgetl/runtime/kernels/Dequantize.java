package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.interpreter.Kernel;
import dev.edgetl.runtime.interpreter.OpContext;
import dev.edgetl.runtime.interpreter.Tensor;

/**
 * DEQUANTIZE: int8/uint8 to float ({@code scale * (q - zp)}, per-tensor or per-channel) and FLOAT16 to float.
 * On constant weights (fp16 or int8 models) the interpreter folds it once at prepare time.
 */
final class Dequantize {
    private Dequantize() {}

    static Kernel create(OpContext ctx) {
        Tensor in = ctx.requireInput(0);
        Tensor out = ctx.output(0);
        ctx.checkType(in, "input", DType.FLOAT16, DType.INT8, DType.UINT8);
        ctx.checkType(out, "output", DType.FLOAT32);
        if (in.size != out.size) {
            throw ctx.error("input " + in.describe() + " and output " + out.describe() + " differ in size");
        }
        if (in.dtype == DType.FLOAT16) {
            return () -> {
                for (int k = 0; k < out.size; k++) {
                    out.f[out.offset + k] = halfToFloat(in.s[in.offset + k]);
                }
            };
        }
        ctx.checkQuantized(in, "input");
        boolean unsigned = in.dtype == DType.UINT8;
        // Per-channel: channel c of dimension d repeats every `inner` elements.
        float[] scales = in.quant.scales();
        long[] zps = in.quant.zeroPoints();
        int dim = in.quant.quantizedDimension();
        int channels = scales.length;
        int inner = 1;
        if (channels > 1) {
            for (int d = dim + 1; d < in.rank(); d++) {
                inner *= in.shape[d];
            }
        }
        final int innerSize = inner;
        return () -> {
            for (int k = 0; k < out.size; k++) {
                int c = channels == 1 ? 0 : (k / innerSize) % channels;
                byte raw = in.b[in.offset + k];
                int q = unsigned ? raw & 0xFF : raw;
                // TFLite multiplies in double and rounds once to float.
                out.f[out.offset + k] = (float) (scales[c] * (double) (q - zps[c]));
            }
        };
    }

    /** IEEE 754 binary16 to binary32, exactly (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13)); // inf / NaN
        }
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            // Subnormal half: value = mant * 2^-24.
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }
}
