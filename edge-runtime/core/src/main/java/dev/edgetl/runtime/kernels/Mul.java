package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.interpreter.Kernel;
import dev.edgetl.runtime.interpreter.OpContext;
import dev.edgetl.runtime.interpreter.Tensor;
import dev.edgetl.runtime.kernels.quant.FixedPoint;
import org.tensorflow.lite.schema.MulOptions;

/**
 * MUL with broadcasting and a fused activation. 8-bit follows TFLite: the product of the offset inputs is
 * rescaled by input1_scale * input2_scale / output_scale (computed in float, as TFLite's Prepare does with its
 * float scales) with one fixed-point multiplier, then offset by the output zero point and clamped.
 */
final class Mul {
    private Mul() {}

    static Kernel create(OpContext ctx) {
        Tensor a = ctx.requireInput(0);
        Tensor b = ctx.requireInput(1);
        Tensor out = ctx.output(0);
        ctx.checkType(out, "output", DType.FLOAT32, DType.INT8, DType.UINT8, DType.INT32);
        ctx.checkType(a, "input 0", out.dtype);
        ctx.checkType(b, "input 1", out.dtype);
        MulOptions opt = ctx.options(new MulOptions());
        int fused = opt == null ? 0 : opt.fusedActivationFunction();
        Broadcast bc = Broadcast.of(ctx, a, b, out);
        switch (out.dtype) {
            case FLOAT32:
                return floatMul(ctx, a, b, out, bc, fused);
            case INT32:
                return int32Mul(ctx, a, b, out, bc, fused);
            default:
                return quantizedMul(ctx, a, b, out, bc, fused);
        }
    }

    private static Kernel floatMul(OpContext ctx, Tensor a, Tensor b, Tensor out, Broadcast bc, int fused) {
        float[] range = LayoutSupport.activationRange(ctx, fused);
        float lo = range[0];
        float hi = range[1];
        return () -> {
            float[] x = a.f;
            float[] y = b.f;
            float[] o = out.f;
            int ao = a.offset;
            int bo = b.offset;
            int oo = out.offset;
            for (int k = 0; k < out.size; k++) {
                float v = x[ao + bc.first(k)] * y[bo + bc.second(k)];
                o[oo + k] = Math.min(hi, Math.max(lo, v));
            }
        };
    }

    private static Kernel int32Mul(OpContext ctx, Tensor a, Tensor b, Tensor out, Broadcast bc, int fused) {
        if (fused != 0 && fused != 1 && fused != 3) {
            throw ctx.error("fused activation " + fused + " is not supported for INT32");
        }
        int lo = fused == 0 ? Integer.MIN_VALUE : 0;
        int hi = fused == 3 ? 6 : Integer.MAX_VALUE;
        return () -> {
            for (int k = 0; k < out.size; k++) {
                int v = a.i[a.offset + bc.first(k)] * b.i[b.offset + bc.second(k)];
                out.i[out.offset + k] = Math.min(hi, Math.max(lo, v));
            }
        };
    }

    private static Kernel quantizedMul(OpContext ctx, Tensor a, Tensor b, Tensor out, Broadcast bc, int fused) {
        ctx.checkQuantized(a, "input 0");
        ctx.checkQuantized(b, "input 1");
        ctx.checkQuantized(out, "output");
        FixedPoint.Multiplier m;
        try {
            m = FixedPoint.quantizeMultiplier(realMultiplier(a.scale(), b.scale(), out.scale()));
        } catch (IllegalArgumentException e) {
            throw ctx.error("cannot rescale: " + e.getMessage());
        }
        int[] range = LayoutSupport.activationRange(ctx, fused, out);
        int lo = range[0];
        int hi = range[1];
        int zpA = a.zeroPoint();
        int zpB = b.zeroPoint();
        int zpO = out.zeroPoint();
        int mult = m.multiplier;
        int shift = m.shift;
        boolean unsigned = out.dtype == DType.UINT8;
        return () -> {
            byte[] x = a.b;
            byte[] y = b.b;
            byte[] o = out.b;
            for (int k = 0; k < out.size; k++) {
                int va = unsigned ? x[a.offset + bc.first(k)] & 0xFF : x[a.offset + bc.first(k)];
                int vb = unsigned ? y[b.offset + bc.second(k)] & 0xFF : y[b.offset + bc.second(k)];
                int r = FixedPoint.multiplyByQuantizedMultiplier((va - zpA) * (vb - zpB), mult, shift) + zpO;
                o[out.offset + k] = (byte) Math.min(hi, Math.max(lo, r));
            }
        };
    }

    /** TFLite multiplies and divides the float scales in float, then widens the result to double. */
    static double realMultiplier(float scaleA, float scaleB, float scaleOut) {
        return scaleA * scaleB / scaleOut;
    }
}
