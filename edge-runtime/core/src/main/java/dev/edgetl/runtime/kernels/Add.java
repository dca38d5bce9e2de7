package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.interpreter.Kernel;
import dev.edgetl.runtime.interpreter.OpContext;
import dev.edgetl.runtime.interpreter.Tensor;
import dev.edgetl.runtime.kernels.quant.FixedPoint;
import org.tensorflow.lite.schema.AddOptions;

/**
 * ADD with broadcasting and a fused activation. 8-bit follows TFLite's scheme exactly: both inputs are
 * shifted left by 20 bits, rescaled to twice the larger input scale, summed, then rescaled to the output.
 */
final class Add {
    private static final int LEFT_SHIFT = 20;

    private Add() {}

    static Kernel create(OpContext ctx) {
        Tensor a = ctx.requireInput(0);
        Tensor b = ctx.requireInput(1);
        Tensor out = ctx.output(0);
        ctx.checkType(out, "output", DType.FLOAT32, DType.INT8, DType.UINT8, DType.INT32);
        ctx.checkType(a, "input 0", out.dtype);
        ctx.checkType(b, "input 1", out.dtype);
        AddOptions opt = ctx.options(new AddOptions());
        int fused = opt == null ? 0 : opt.fusedActivationFunction();
        Broadcast bc = Broadcast.of(ctx, a, b, out);
        switch (out.dtype) {
            case FLOAT32:
                return floatAdd(ctx, a, b, out, bc, fused);
            case INT32:
                return int32Add(ctx, a, b, out, bc, fused);
            default:
                return quantizedAdd(ctx, a, b, out, bc, fused);
        }
    }

    private static Kernel floatAdd(OpContext ctx, Tensor a, Tensor b, Tensor out, Broadcast bc, int fused) {
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
                float v = x[ao + bc.first(k)] + y[bo + bc.second(k)];
                o[oo + k] = Math.min(hi, Math.max(lo, v));
            }
        };
    }

    private static Kernel int32Add(OpContext ctx, Tensor a, Tensor b, Tensor out, Broadcast bc, int fused) {
        if (fused != 0 && fused != 1 && fused != 3) {
            throw ctx.error("fused activation " + fused + " is not supported for INT32");
        }
        int lo = fused == 0 ? Integer.MIN_VALUE : 0;
        int hi = fused == 3 ? 6 : Integer.MAX_VALUE;
        return () -> {
            for (int k = 0; k < out.size; k++) {
                int v = a.i[a.offset + bc.first(k)] + b.i[b.offset + bc.second(k)];
                out.i[out.offset + k] = Math.min(hi, Math.max(lo, v));
            }
        };
    }

    private static Kernel quantizedAdd(OpContext ctx, Tensor a, Tensor b, Tensor out, Broadcast bc, int fused) {
        ctx.checkQuantized(a, "input 0");
        ctx.checkQuantized(b, "input 1");
        ctx.checkQuantized(out, "output");
        // TFLite computes these in double from the float scales.
        double twiceMaxInputScale = 2.0 * Math.max(a.scale(), b.scale());
        FixedPoint.Multiplier m1 = FixedPoint.quantizeMultiplier(a.scale() / twiceMaxInputScale);
        FixedPoint.Multiplier m2 = FixedPoint.quantizeMultiplier(b.scale() / twiceMaxInputScale);
        FixedPoint.Multiplier mo = FixedPoint.quantizeMultiplier(twiceMaxInputScale
                / ((1 << LEFT_SHIFT) * (double) out.scale()));
        int[] range = LayoutSupport.activationRange(ctx, fused, out);
        int lo = range[0];
        int hi = range[1];
        int zpA = a.zeroPoint();
        int zpB = b.zeroPoint();
        int zpO = out.zeroPoint();
        boolean unsigned = out.dtype == DType.UINT8;
        return () -> {
            byte[] x = a.b;
            byte[] y = b.b;
            byte[] o = out.b;
            for (int k = 0; k < out.size; k++) {
                int va = unsigned ? x[a.offset + bc.first(k)] & 0xFF : x[a.offset + bc.first(k)];
                int vb = unsigned ? y[b.offset + bc.second(k)] & 0xFF : y[b.offset + bc.second(k)];
                int sa = FixedPoint.multiplyByQuantizedMultiplier((va - zpA) * (1 << LEFT_SHIFT), m1.multiplier,
                        m1.shift);
                int sb = FixedPoint.multiplyByQuantizedMultiplier((vb - zpB) * (1 << LEFT_SHIFT), m2.multiplier,
                        m2.shift);
                int r = FixedPoint.multiplyByQuantizedMultiplier(sa + sb, mo.multiplier, mo.shift) + zpO;
                o[out.offset + k] = (byte) Math.min(hi, Math.max(lo, r));
            }
        };
    }
}
