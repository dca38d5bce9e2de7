package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.interpreter.Kernel;
import dev.edgetl.runtime.interpreter.OpContext;
import dev.edgetl.runtime.interpreter.Tensor;
import dev.edgetl.runtime.kernels.quant.FixedPoint;
import org.tensorflow.lite.schema.ConcatenationOptions;

/**
 * CONCATENATION on any axis (negative counts from the end) for float32, int8, uint8, int16, int32 and int64.
 *
 * <p>uint8 inputs whose scale or zero point differ from the output's are requantized the way TFLite's
 * {@code ConcatenationWithScaling} does, in float: {@code round(q * s + b) + zp_out} with
 * {@code s = scale_in * (1 / scale_out)}, {@code b = -zp_in * s}, rounding half away from zero, clamped to
 * [0, 255]. int8 inputs must share the output's parameters exactly (TFLite refuses anything else).
 *
 * <p>A fused activation is applied as a clamp of the output. TFLite 2.21 itself refuses a fused activation
 * on CONCATENATION, so for it the reference is CONCATENATION followed by the activation op.
 */
final class Concatenation implements Kernel {
    private final Object dst;
    private final int dstOffset;
    private final int dstSize;
    private final DType dtype;
    private final int outer;
    private final int rowSize;
    private final Object[] src;
    private final int[] srcOffset;
    private final int[] chunk;
    private final int[] dstStart;
    private final boolean[] requantize;
    private final float[] scale;
    private final float[] bias;
    private final int outZeroPoint;
    private final boolean clamp;
    private final float fmin;
    private final float fmax;
    private final int qmin;
    private final int qmax;

    private Concatenation(OpContext ctx) {
        Tensor out = ctx.output(0);
        int n = ctx.numInputs();
        if (n < 1) {
            throw ctx.error("has no inputs");
        }
        Tensor first = ctx.requireInput(0);
        dtype = first.dtype;
        ctx.checkType(first, "input 0", DType.FLOAT32, DType.INT8, DType.UINT8, DType.INT16, DType.INT32,
                DType.INT64);
        LayoutSupport.checkSameType(ctx, first, "input 0", out);
        ConcatenationOptions o = ctx.options(new ConcatenationOptions());
        int rank = first.rank();
        if (rank == 0) {
            throw ctx.error("input 0 " + first.describe() + " is a scalar; there is no axis to concatenate on");
        }
        int axis = LayoutSupport.normalizeAxis(ctx, o == null ? 0 : o.axis(), rank, "axis");
        int fused = o == null ? 0 : o.fusedActivationFunction();
        int[] outShape = first.shape.clone();
        outShape[axis] = 0;
        src = new Object[n];
        srcOffset = new int[n];
        chunk = new int[n];
        requantize = new boolean[n];
        scale = new float[n];
        bias = new float[n];
        int inner = 1;
        for (int d = axis + 1; d < rank; d++) {
            inner *= first.dim(d);
        }
        int outerCount = 1;
        for (int d = 0; d < axis; d++) {
            outerCount *= first.dim(d);
        }
        // 8-bit tensors without quantization parameters are plain integers: copied like int32.
        boolean quantized = dtype.isQuantized8() && out.quant.isPresent();
        float inverseOutScale = quantized ? 1f / out.scale() : 0f;
        for (int k = 0; k < n; k++) {
            Tensor t = ctx.requireInput(k);
            String role = "input " + k;
            if (t.dtype != dtype) {
                throw ctx.error(role + " " + t.describe() + " is " + t.dtype + " but input 0 is " + dtype);
            }
            if (t.rank() != rank) {
                throw ctx.error(role + " " + t.describe() + " has rank " + t.rank() + " but input 0 has rank " + rank);
            }
            for (int d = 0; d < rank; d++) {
                if (d != axis && t.dim(d) != first.dim(d)) {
                    throw ctx.error(role + " " + t.describe() + " differs from input 0 " + first.describe()
                            + " in dimension " + d + ", which is not the concatenation axis " + axis);
                }
            }
            outShape[axis] += t.dim(axis);
            src[k] = LayoutSupport.array(t);
            srcOffset[k] = t.offset;
            chunk[k] = t.dim(axis) * inner;
            if (quantized) {
                ctx.checkQuantized(t, role);
                boolean same = t.scale() == out.scale() && t.zeroPoint() == out.zeroPoint();
                if (!same && dtype == DType.INT8) {
                    throw ctx.error(role + " " + t.describe() + " has scale " + t.scale() + " and zero point "
                            + t.zeroPoint() + " but output " + out.describe() + " has " + out.scale() + " and "
                            + out.zeroPoint() + "; int8 CONCATENATION does not rescale (as in TFLite)");
                }
                requantize[k] = !same;
                scale[k] = t.scale() * inverseOutScale;
                bias[k] = -t.zeroPoint() * scale[k];
            }
        }
        LayoutSupport.checkShape(ctx, out, outShape);
        dstStart = new int[n];
        for (int k = 0, d = out.offset; k < n; d += chunk[k], k++) {
            dstStart[k] = d;
        }
        outZeroPoint = quantized ? out.zeroPoint() : 0;
        outer = outerCount;
        rowSize = outShape[axis] * inner;
        dst = LayoutSupport.array(out);
        dstOffset = out.offset;
        dstSize = out.size;
        if (fused != 0 && dtype != DType.FLOAT32 && !quantized) {
            throw ctx.error("a fused activation is only supported on float32 and quantized int8/uint8, not " + dtype);
        }
        clamp = fused != 0;
        if (dtype == DType.FLOAT32) {
            float[] r = LayoutSupport.activationRange(ctx, fused);
            fmin = r[0];
            fmax = r[1];
            qmin = 0;
            qmax = 0;
        } else if (quantized) {
            int[] r = LayoutSupport.activationRange(ctx, fused, out);
            fmin = 0;
            fmax = 0;
            qmin = r[0];
            qmax = r[1];
        } else {
            fmin = 0;
            fmax = 0;
            qmin = 0;
            qmax = 0;
        }
    }

    static Kernel create(OpContext ctx) {
        return new Concatenation(ctx);
    }

    @Override
    public void run() {
        int n = src.length;
        for (int k = 0; k < n; k++) {
            int c = chunk[k];
            int s = srcOffset[k];
            int d = dstStart[k];
            if (requantize[k]) {
                byte[] in = (byte[]) src[k];
                byte[] out = (byte[]) dst;
                for (int row = 0; row < outer; row++, s += c, d += rowSize) {
                    requantizeUint8(in, s, out, d, c, scale[k], bias[k]);
                }
            } else {
                for (int row = 0; row < outer; row++, s += c, d += rowSize) {
                    System.arraycopy(src[k], s, dst, d, c);
                }
            }
        }
        if (clamp) {
            applyActivation();
        }
    }

    private void requantizeUint8(byte[] in, int s, byte[] out, int d, int c, float sc, float b) {
        for (int j = 0; j < c; j++) {
            float v = (in[s + j] & 0xFF) * sc + b;
            int q = FixedPoint.roundHalfAwayFromZero(v) + outZeroPoint;
            out[d + j] = (byte) Math.min(Math.max(q, 0), 255);
        }
    }

    private void applyActivation() {
        if (dtype == DType.FLOAT32) {
            float[] f = (float[]) dst;
            for (int j = dstOffset; j < dstOffset + dstSize; j++) {
                f[j] = Math.min(Math.max(f[j], fmin), fmax);
            }
        } else if (dtype == DType.UINT8) {
            byte[] b = (byte[]) dst;
            for (int j = dstOffset; j < dstOffset + dstSize; j++) {
                b[j] = (byte) Math.min(Math.max(b[j] & 0xFF, qmin), qmax);
            }
        } else {
            byte[] b = (byte[]) dst;
            for (int j = dstOffset; j < dstOffset + dstSize; j++) {
                b[j] = (byte) Math.min(Math.max(b[j], qmin), qmax);
            }
        }
    }
}
