package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.interpreter.Kernel;
import dev.edgetl.runtime.interpreter.OpContext;
import dev.edgetl.runtime.interpreter.Tensor;

/**
 * LOGISTIC (sigmoid). 8-bit follows TFLite's default kernel: a 256-entry table built at prepare time by
 * dequantizing every possible input, applying the float logistic and quantizing with the output parameters
 * (the output scale must be 1/256, as TFLite requires).
 */
final class Logistic {
    private Logistic() {}

    static Kernel create(OpContext ctx) {
        Tensor in = ctx.requireInput(0);
        Tensor out = ctx.output(0);
        ctx.checkType(in, "input", DType.FLOAT32, DType.INT8, DType.UINT8);
        ctx.checkType(out, "output", in.dtype);
        if (in.size != out.size) {
            throw ctx.error("input " + in.describe() + " and output " + out.describe() + " differ in size");
        }
        if (in.dtype == DType.FLOAT32) {
            return () -> {
                float[] x = in.f;
                float[] o = out.f;
                for (int k = 0; k < out.size; k++) {
                    o[out.offset + k] = logistic(x[in.offset + k]);
                }
            };
        }
        ctx.checkQuantized(in, "input");
        ctx.checkQuantized(out, "output");
        if (out.scale() != 1f / 256) {
            throw ctx.error("8-bit output " + out.describe() + " must have scale 1/256, got " + out.scale());
        }
        byte[] table = LookupTable.populate(in, out, Logistic::logistic);
        ctx.countPacked(table.length);
        return LookupTable.kernel(in, out, table);
    }

    /** TFLite's float logistic: {@code 1.0f / (1.0f + expf(-x))}. */
    static float logistic(float x) {
        return 1.0f / (1.0f + (float) Math.exp(-x));
    }
}
