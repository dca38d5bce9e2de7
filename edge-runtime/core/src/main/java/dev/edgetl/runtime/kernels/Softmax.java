package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.interpreter.Kernel;
import dev.edgetl.runtime.interpreter.OpContext;
import dev.edgetl.runtime.interpreter.Tensor;
import org.tensorflow.lite.schema.SoftmaxOptions;

/**
 * SOFTMAX over the last dimension. 8-bit follows TFLite's optimized kernel (not its fixed-point reference):
 * a 256-entry float table of exp(-input_scale * beta * d) for every distance d to the row maximum, a float sum,
 * and a rounding of prob / output_scale to the output's integers.
 */
final class Softmax {
    private Softmax() {}

    static Kernel create(OpContext ctx) {
        Tensor in = ctx.requireInput(0);
        Tensor out = ctx.output(0);
        ctx.checkType(in, "input", DType.FLOAT32, DType.INT8, DType.UINT8);
        ctx.checkType(out, "output", in.dtype);
        if (in.size != out.size || in.rank() == 0 || in.shape[in.rank() - 1] != out.shape[out.rank() - 1]) {
            throw ctx.error("input " + in.describe() + " and output " + out.describe() + " must have the same shape");
        }
        SoftmaxOptions opt = ctx.options(new SoftmaxOptions());
        float beta = opt == null ? 1f : opt.beta();
        int depth = in.shape[in.rank() - 1];
        int rows = depth == 0 ? 0 : in.size / depth;
        if (in.dtype == DType.FLOAT32) {
            return () -> {
                float[] x = in.f;
                float[] o = out.f;
                for (int r = 0; r < rows; r++) {
                    int base = in.offset + r * depth;
                    int ob = out.offset + r * depth;
                    float max = Float.NEGATIVE_INFINITY;
                    for (int j = 0; j < depth; j++) {
                        max = Math.max(max, x[base + j]);
                    }
                    float sum = 0f;
                    for (int j = 0; j < depth; j++) {
                        float e = (float) Math.exp((x[base + j] - max) * beta);
                        o[ob + j] = e;
                        sum += e;
                    }
                    for (int j = 0; j < depth; j++) {
                        o[ob + j] /= sum;
                    }
                }
            };
        }
        ctx.checkQuantized(in, "input");
        ctx.checkQuantized(out, "output");
        float[] table = new float[256];
        float scale = -in.scale() * beta;
        for (int v = 0; v <= 255; v++) {
            table[255 - v] = (float) Math.exp(scale * v);
        }
        ctx.countPacked(4 * 256);
        boolean unsigned = in.dtype == DType.UINT8;
        float outScale = out.scale();
        int zp = out.zeroPoint();
        int qmin = LayoutSupport.qmin(out.dtype);
        int qmax = LayoutSupport.qmax(out.dtype);
        return () -> {
            byte[] x = in.b;
            byte[] o = out.b;
            for (int r = 0; r < rows; r++) {
                int base = in.offset + r * depth;
                int ob = out.offset + r * depth;
                int max = Integer.MIN_VALUE;
                for (int j = 0; j < depth; j++) {
                    max = Math.max(max, unsigned ? x[base + j] & 0xFF : x[base + j]);
                }
                int tableOffset = 255 - max;
                float sum = 0f;
                for (int j = 0; j < depth; j++) {
                    sum += table[tableOffset + (unsigned ? x[base + j] & 0xFF : x[base + j])];
                }
                float inv = 1.0f / (sum * outScale);
                for (int j = 0; j < depth; j++) {
                    float p = table[tableOffset + (unsigned ? x[base + j] & 0xFF : x[base + j])] * inv;
                    // TFLite: uint8 truncates p + 0.5f; int8 uses std::round then adds the zero point.
                    int q = unsigned ? (int) (p + 0.5f) : roundHalfAway(p) + zp;
                    o[ob + j] = (byte) Math.min(qmax, Math.max(qmin, q));
                }
            }
        };
    }

    private static int roundHalfAway(float p) {
        return (int) (p >= 0 ? Math.floor(p + 0.5) : Math.ceil(p - 0.5));
    }
}
