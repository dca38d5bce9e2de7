package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.interpreter.Kernel;
import dev.edgetl.runtime.interpreter.OpContext;
import dev.edgetl.runtime.interpreter.Tensor;
import dev.edgetl.runtime.kernels.quant.FixedPoint;

/**
 * RELU, RELU6 and RELU_N1_TO_1: a clamp. On 8-bit tensors TFLite rescales from the input to the output
 * quantization with a fixed-point multiplier and clamps at the bounds quantized with the output's parameters.
 */
final class Relu {
    private Relu() {}

    static Kernel relu(OpContext ctx) {
        return create(ctx, 0f, Float.POSITIVE_INFINITY);
    }

    static Kernel relu6(OpContext ctx) {
        return create(ctx, 0f, 6f);
    }

    static Kernel reluN1To1(OpContext ctx) {
        return create(ctx, -1f, 1f);
    }

    private static Kernel create(OpContext ctx, float lo, float hi) {
        Tensor in = ctx.requireInput(0);
        Tensor out = ctx.output(0);
        ctx.checkType(in, "input", DType.FLOAT32, DType.INT8, DType.UINT8);
        ctx.checkType(out, "output", in.dtype);
        if (in.size != out.size) {
            throw ctx.error("input " + in.describe() + " and output " + out.describe() + " differ in size");
        }
        if (in.dtype == DType.FLOAT32) {
            return () -> {
                for (int k = 0; k < out.size; k++) {
                    out.f[out.offset + k] = Math.min(hi, Math.max(lo, in.f[in.offset + k]));
                }
            };
        }
        ctx.checkQuantized(in, "input");
        ctx.checkQuantized(out, "output");
        FixedPoint.Multiplier m = FixedPoint.quantizeMultiplier((double) in.scale() / (double) out.scale());
        int zpIn = in.zeroPoint();
        int zpOut = out.zeroPoint();
        int qmin = LayoutSupport.qmin(out.dtype);
        int qmax = LayoutSupport.qmax(out.dtype);
        int min = Math.max(qmin, zpOut + FixedPoint.roundHalfAwayFromZero(lo / out.scale()));
        int max = hi == Float.POSITIVE_INFINITY ? qmax
                : Math.min(qmax, zpOut + FixedPoint.roundHalfAwayFromZero(hi / out.scale()));
        boolean unsigned = in.dtype == DType.UINT8;
        return () -> {
            for (int k = 0; k < out.size; k++) {
                byte raw = in.b[in.offset + k];
                int v = (unsigned ? raw & 0xFF : raw) - zpIn;
                int q = zpOut + FixedPoint.multiplyByQuantizedMultiplier(v, m.multiplier, m.shift);
                out.b[out.offset + k] = (byte) Math.min(max, Math.max(min, q));
            }
        };
    }
}
