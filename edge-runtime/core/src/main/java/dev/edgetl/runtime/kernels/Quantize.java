package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.interpreter.Kernel;
import dev.edgetl.runtime.interpreter.OpContext;
import dev.edgetl.runtime.interpreter.Tensor;
import dev.edgetl.runtime.kernels.quant.FixedPoint;

/**
 * QUANTIZE: float to int8/uint8 ({@code round(x / scale) + zp}, clamped), or an 8-bit requantization (int8 to
 * uint8 and back, or a change of scale) with TFLite's fixed-point multiplier.
 *
 * <p>Float to 8-bit divides in double (TFLite's QuantizationParams.scale is a double) and rounds half away from
 * zero (TfLiteRound). A float division would round some quotients onto an exact .5 that the double quotient
 * misses: images normalised with (p - 127.5) / 127.5 and scale 1/127.5 hit that on about 0.3 % of the values.
 */
final class Quantize {
    private Quantize() {}

    static Kernel create(OpContext ctx) {
        Tensor in = ctx.requireInput(0);
        Tensor out = ctx.output(0);
        ctx.checkType(in, "input", DType.FLOAT32, DType.INT8, DType.UINT8);
        ctx.checkType(out, "output", DType.INT8, DType.UINT8);
        ctx.checkQuantized(out, "output");
        if (out.quant.isPerChannel()) {
            throw ctx.error("per-channel quantization of output " + out.describe() + " is not supported");
        }
        if (in.size != out.size) {
            throw ctx.error("input " + in.describe() + " and output " + out.describe() + " differ in size");
        }
        int qmin = LayoutSupport.qmin(out.dtype);
        int qmax = LayoutSupport.qmax(out.dtype);
        int zpOut = out.zeroPoint();
        boolean outUnsigned = out.dtype == DType.UINT8;
        if (in.dtype == DType.FLOAT32) {
            double scale = out.scale();
            return () -> {
                for (int k = 0; k < out.size; k++) {
                    double v = in.f[in.offset + k] / scale;
                    long q = (long) (v >= 0 ? Math.floor(v + 0.5) : Math.ceil(v - 0.5)) + zpOut;
                    out.b[out.offset + k] = (byte) Math.min(qmax, Math.max(qmin, q));
                }
            };
        }
        ctx.checkQuantized(in, "input");
        FixedPoint.Multiplier m = FixedPoint.quantizeMultiplier((double) in.scale() / (double) out.scale());
        int zpIn = in.zeroPoint();
        boolean inUnsigned = in.dtype == DType.UINT8;
        return () -> {
            for (int k = 0; k < out.size; k++) {
                byte raw = in.b[in.offset + k];
                int v = (inUnsigned ? raw & 0xFF : raw) - zpIn;
                int q = FixedPoint.multiplyByQuantizedMultiplier(v, m.multiplier, m.shift) + zpOut;
                out.b[out.offset + k] = (byte) Math.min(qmax, Math.max(qmin, q));
            }
        };
    }
}
